import { createRoute, z } from "@hono/zod-openapi";
import { issueScopedToken, revokeScopedToken, type TokenOwnerKind } from "../modules/tokens/scoped-tokens.js";
import { jsonBody } from "./json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "./router.js";
import { line } from "./shared-schemas.js";
import { requireStaff, type StaffEnv } from "./staff-auth.js";

/** What an owner of scoped tokens (a data system, a controller) tells the token routes about itself. */
export interface TokenOwner {
  /** `/v1/admin/data-systems`: the owner's collection, with `{id}` under it. */
  collection: string;
  tags: string[];
  /** "DataSystem", "Controller": for the operation ids. */
  operationNoun: string;
  /** "a data system", "a controller": for the summaries. */
  noun: string;
  /** What the token lets its holder do, in the issuing operation's description. */
  grants: string;
  kind: TokenOwnerKind;
}

/**
 * The admin routes that issue and revoke an owner's tokens: shown once, kept as digests, on the general trail. One
 * definition for every kind of owner, so their tokens are managed alike.
 */
export function tokenRoutes(owner: TokenOwner) {
  const idParam = z.object({
    id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: `The id of ${owner.noun}.` }),
  });
  const issue = createRoute({
    method: "post",
    path: `${owner.collection}/{id}/tokens`,
    operationId: `issue${owner.operationNoun}Token`,
    tags: owner.tags,
    summary: `Issue a token for ${owner.noun}`,
    description: `${owner.grants} Shown only in this answer, kept as a digest. On the general audit trail.`,
    security: [{ bearer: [] }],
    middleware: [requireStaff("admin"), jsonBody(4 * 1024)] as const,
    request: {
      params: idParam,
      body: {
        required: true,
        content: {
          "application/json": {
            schema: z.object({ label: line(120).openapi({ description: "What it is for.", example: "CRM sync" }) }),
          },
        },
      },
    },
    responses: {
      201: {
        description: "The token, shown only now.",
        content: { "application/json": { schema: z.object({ tokenId: z.uuid(), token: z.string() }) } },
      },
      404: { description: `No such ${owner.noun.replace(/^an? /, "")}.`, content: problemContent },
      ...jsonBodyProblems,
      ...staffProblems,
    },
  });
  const revoke = createRoute({
    method: "post",
    path: `${owner.collection}/{id}/tokens/{tokenId}/revoke`,
    operationId: `revoke${owner.operationNoun}Token`,
    tags: owner.tags,
    summary: `Revoke a token of ${owner.noun}`,
    description: "It stops working at once. On the general audit trail.",
    security: [{ bearer: [] }],
    middleware: [requireStaff("admin")] as const,
    request: {
      params: idParam.extend({
        tokenId: z.uuid().openapi({ param: { name: "tokenId", in: "path" }, description: "The token's id." }),
      }),
    },
    responses: {
      200: {
        description: "Revoked.",
        content: { "application/json": { schema: z.object({ revoked: z.literal(true) }) } },
      },
      404: { description: "No such live token of this owner.", content: problemContent },
      ...staffProblems,
    },
  });
  return createRouter<StaffEnv>()
    .openapi(issue, async (c) => {
      const ctx = c.get("ctx");
      const by = { actor: c.get("actor"), at: ctx.now() };
      return c.json(
        await issueScopedToken(ctx.db, owner.kind, c.req.valid("param").id, c.req.valid("json").label, by),
        201,
      );
    })
    .openapi(revoke, async (c) => {
      const ctx = c.get("ctx");
      const { id, tokenId } = c.req.valid("param");
      await revokeScopedToken(ctx.db, owner.kind, id, tokenId, { actor: c.get("actor"), at: ctx.now() });
      return c.json({ revoked: true as const }, 200);
    });
}
