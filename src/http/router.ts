import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppContext } from "../context.js";
import { DomainError } from "../domain/errors.js";
import type { Logger } from "../log.js";
import { fieldIssues } from "./problem.js";

/** `language` is set on the public pages by `detectLanguage`. */
export type AppEnv = { Variables: { ctx: AppContext; log: Logger; requestId: string; language?: string } };

/** A router whose schema failures all become one 422 problem listing every field at fault. */
export function createRouter<Env extends AppEnv = AppEnv>() {
  return new OpenAPIHono<Env>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new DomainError("validation", "Some fields are missing or invalid.", fieldIssues(result.error));
      }
    },
  });
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

/** The body of every error answer, for OpenAPI entries. */
export const problemContent = { "application/problem+json": { schema: problemSchema } };

/** The error answers a JSON endpoint can give, for its OpenAPI entry. */
export const jsonBodyProblems = {
  400: { description: "The body is not valid JSON.", content: problemContent },
  413: { description: "The body is over the size limit.", content: problemContent },
  415: { description: "The body is not application/json.", content: problemContent },
  422: { description: "Fields are missing or invalid; `errors` lists each one.", content: problemContent },
} as const;

/** The answers every staff route may give before it runs, for its OpenAPI entry. */
export const staffProblems = {
  401: { description: "No valid staff token.", content: problemContent },
  403: { description: "The token's role may not do this.", content: problemContent },
} as const;
