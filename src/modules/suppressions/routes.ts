import { createRoute, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { receiptDate } from "../../domain/calendar.js";
import { gpcBinding } from "../../domain/gpc.js";
import { optInScopes, subjectIdentifierTypes, suppressionScopes, suppressionStates } from "../../domain/suppression.js";
import { resolveResidence } from "../../domain/vocabulary.js";
import { jsonBody } from "../../http/json-body.js";
import { type AppEnv, createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { jurisdictionInput, line } from "../../http/shared-schemas.js";
import { requireDataSystem, type SystemEnv } from "../../http/system-auth.js";
import { checkIdentifiers } from "./check-suppressions.js";
import { recordGpcSignal, recordOptIn } from "./record-opt-in.js";

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

const gpcSignal = createRoute({
  method: "post",
  path: "/v1/signals/gpc",
  operationId: "recordGpcSignal",
  tags,
  summary: "A person's browser sent a Global Privacy Control signal",
  description:
    "From the company's own sites, for a visitor they know (signed in, or by a cookie tied to an account): the " +
    "signal (`Sec-GPC: 1`) is an opt-out of sale and sharing where the law of where the person lives makes it bind, " +
    "without verification, on the preference list at once. Elsewhere it is not recorded, and the answer says why.",
  security,
  middleware: [requireDataSystem(), jsonBody(16 * 1024)] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            identifiers: identifiers.max(10),
            jurisdiction: jurisdictionInput,
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Honoured (and recorded), or not binding there.",
      content: {
        "application/json": {
          schema: z.object({
            honoured: z.boolean(),
            scopes: z.array(z.enum(suppressionScopes)),
            basis: z.string(),
          }),
        },
      },
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
  })
  .openapi(gpcSignal, async (c) => {
    const ctx = c.get("ctx");
    const body = c.req.valid("json");
    const { jurisdiction } = resolveResidence(body.jurisdiction);
    const rule = gpcBinding(jurisdiction, receiptDate(ctx.now(), ctx.config.BUSINESS_TIMEZONE).toString());
    if (!rule) {
      return c.json({ honoured: false, scopes: [], basis: `No law makes the signal bind in ${jurisdiction}.` }, 200);
    }
    await recordGpcSignal(ctx, c.get("systemId"), body.identifiers, rule.scopes);
    return c.json({ honoured: true, scopes: rule.scopes, basis: `${rule.cite}, from ${rule.from}` }, 200);
  });

/**
 * The site's Global Privacy Control support resource (`/.well-known/gpc.json`, per the GPC specification): it
 * honours the signal.
 */
/** When the site's handling of the signal last changed: when it began to honour it. */
const gpcSupportSince = "2026-12-01";

export const gpcSupport = new Hono<AppEnv>().get("/.well-known/gpc.json", (c) =>
  c.json({ gpc: true, lastUpdate: gpcSupportSince }),
);
