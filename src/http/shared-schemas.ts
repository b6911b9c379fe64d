import { z } from "@hono/zod-openapi";
import { isStatedResidence } from "../domain/vocabulary.js";

/**
 * Schema pieces shared by every module's routes and pages: text fields, e-mail addresses, request ids, where a
 * requester lives. One definition each, so a field means and accepts the same wherever it appears.
 */

// PostgreSQL text cannot hold NUL, JSON cannot hold a lone surrogate, and no field has a use for control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const lineBreaks = /[\r\n\t\u2028\u2029]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The one rule for text the product accepts: well-formed Unicode (no lone surrogate), normalised to NFC (so the same
 * words are stored the same way however they were typed), and no control characters; a paragraph may hold tabs and
 * line breaks (a browser's CRLF becomes LF), a line none.
 */
const text = (max: number, multiline: boolean) =>
  z
    .string()
    .max(max * 2)
    .refine((value) => !loneSurrogate.test(value), "must be well-formed text")
    .transform((value) => (multiline ? value.replace(/\r\n?/g, "\n") : value).normalize("NFC"))
    .refine((value) => value.length <= max, `must be at most ${max} characters`)
    .refine(
      (value) => !controlCharacters.test(value) && (multiline || !lineBreaks.test(value)),
      multiline ? "must not contain control characters" : "must be a single line of text",
    );

/** A single line of text, trimmed and not empty. */
export const line = (max: number) =>
  text(max, false)
    .transform((value) => value.trim())
    .refine((value) => value.length > 0, "must not be empty");

/** Text that may run over several lines; may be empty. */
export const paragraph = (max: number) => text(max, true);

/** A requester's answer or name that may be left empty (an unanswered field of a form). */
export const optionalLine = (max: number) =>
  text(max, false)
    .transform((value) => value.trim())
    .transform((value) => (value === "" ? undefined : value));

/** A tracking number as people type it: any case, the dashes where they belong. */
export const trackingNumberInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/, "must be a tracking number such as RD-7K4M-9Q2X")
  .openapi({ example: "RD-7K4M-9Q2X" });

/** A calendar day between 1900 and 9999: what PostgreSQL's date holds and a person could mean. */
export const isoDay = z.iso
  .date()
  .refine((day) => day >= "1900-01-01", "must be a date from 1900 on")
  .openapi({ example: "2026-12-20" });

/** An instant with its offset, between 1900 and 9999. */
export const isoInstant = z.iso
  .datetime({ offset: true })
  .refine((instant) => {
    const year = new Date(instant).getUTCFullYear();
    return year >= 1900 && year <= 9999;
  }, "must be a time from 1900 on")
  .openapi({ example: "2026-11-20T15:00:00Z" });

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

/** What a requester identifies their request by, on the public pages and API: its tracking number and their address. */
export const requesterKeys = {
  trackingNumber: trackingNumberInput,
  email: emailAddress.openapi({ description: "The address the request was made with." }),
};
