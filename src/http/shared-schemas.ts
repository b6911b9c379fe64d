import { z } from "@hono/zod-openapi";
import { isStatedResidence } from "../domain/vocabulary.js";

/**
 * Schema pieces shared by every module's routes and pages: text fields, e-mail addresses, request ids, where a
 * requester lives. One definition each, so a field means and accepts the same wherever it appears.
 */

// PostgreSQL text cannot hold NUL, and no field of a request has a use for control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const lineBreaks = /[\r\n\t]/;

export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max)
    .refine((value) => !controlCharacters.test(value) && !lineBreaks.test(value), "must be a single line of text");

export const paragraph = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !controlCharacters.test(value), "must not contain control characters");

/** Trimmed and lower-cased, so one person's address matches itself however it is typed. */
export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .toLowerCase()
  .pipe(z.email("must be an e-mail address"))
  .openapi({ example: "jane.doe@example.com" });

export const requestIdParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The request's id from the intake answer." }),
});

/** Where the requester lives, as they may write it; `resolveResidence` turns it into the jurisdiction that rules. */
export const jurisdictionInput = z
  .string()
  .trim()
  .max(10)
  .refine(isStatedResidence, "must be a US state such as US-CA, EU, GB (or UK), or other")
  .openapi({
    description:
      "Where the subject lives: a US state (`US-CA`; a state with no privacy law here is handled under the strictest " +
      "rules), `EU`, `GB` (or `UK`), or `other` when unknown.",
    example: "US-CA",
  });
