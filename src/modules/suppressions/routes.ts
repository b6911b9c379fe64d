import { createRoute, z } from "@hono/zod-openapi";
import { optInScopes, subjectIdentifierTypes, suppressionScopes, suppressionStates } from "../../domain/suppression.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { line } from "../../http/shared-schemas.js";
import { requireDataSystem, type SystemEnv } from "../../http/system-auth.js";
import { checkIdentifiers } from "./check-suppressions.js";
import { recordOptIn } from "./record-opt-in.js";

const tags = ["Data system API"];
const security = [{ dataSystemBearer: [] }];
const identifier = z.object({
  type: z.enum(subjectIdentifierTypes),
  value: line(254).openapi({ example: "jane.doe@example.com" }),
});
const identifiers = z.array(identifier).min(1).max(1_000);

const check = createRoute({
  method: "post",
  path: "/v1/suppressions/check",
  operationId: "checkSuppressions",
  tags,
  summary: "What is in force for these people",
  description:
    "For each identifier a system holds (e-mail, phone, account id): the latest choice on record per scope: " +
    "`deleted` (their data was deleted at their request: do not add it again) and the uses opted out of (`sale`, " +
    "`sharing`, `targeted_advertising`, `profiling`, `sensitive_data`), `suppressed` or, after a later opt-in, " +
    "`opted_in`. We hash what is sent and keep none of it.",
  security,
  middleware: [requireDataSystem(), jsonBody(256 * 1024)] as const,
  request: { body: { required: true, content: { "application/json": { schema: z.object({ identifiers }) } } } },
  responses: {
    200: {
      description: "Each identifier as sent, with the scopes that have a choice on record.",
      content: {
        "application/json": {
          schema: z.object({
            items: z.array(
              identifier.extend({
                scopes: z.array(
                  z.object({
                    scope: z.enum(suppressionScopes),
                    state: z.enum(suppressionStates),
                    since: z.iso.datetime(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    401: { description: "No valid data system token.", content: problemContent },
    ...jsonBodyProblems,
  },
});

const optIn = createRoute({
  method: "post",
  path: "/v1/suppressions/opt-in",
  operationId: "recordOptIn",
  tags,
  summary: "Record that a person opted in again",
  description:
    "From the company's own sites, where the person chose it themselves (and the law lets them: a child's data needs " +
    "the consent its law asks for). Recorded beside the opt-out, never over it; a deletion cannot be lifted.",
  security,
  middleware: [requireDataSystem(), jsonBody(64 * 1024)] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            identifiers: identifiers.max(10),
            scopes: z.array(z.enum(optInScopes)).min(1),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Recorded.",
      content: { "application/json": { schema: z.object({ recorded: z.number().int() }) } },
    },
    401: { description: "No valid data system token.", content: problemContent },
    ...jsonBodyProblems,
  },
});

export const suppressionRoutes = createRouter<SystemEnv>()
  .openapi(check, async (c) => {
    const ctx = c.get("ctx");
    return c.json(
      { items: await checkIdentifiers(ctx.db, ctx.config.TOKEN_SECRET, c.req.valid("json").identifiers) },
      200,
    );
  })
  .openapi(optIn, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    return c.json({ recorded: await recordOptIn(ctx, c.get("systemId"), body.identifiers, body.scopes) }, 200);
  });
