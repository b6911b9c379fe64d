import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { controllers, controllerTokens } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { sha256Hex } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { liveTokenOwner } from "../data-systems/system-tokens.js";

/** What tells a controller's token from a staff member's or a data system's at a glance (and in a leaked log line). */
export const controllerTokenPrefix = "rdctl_";

/** Issues a token for one controller, returned here only, on the general trail. */
export async function issueControllerToken(
  db: Database,
  controllerId: string,
  label: string,
  by: ActedBy,
): Promise<{ tokenId: string; token: string }> {
  const token = `${controllerTokenPrefix}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [controller] = await tx
      .select({ id: controllers.id })
      .from(controllers)
      .where(eq(controllers.id, controllerId));
    if (!controller) throw new DomainError("not_found", `No controller with id ${controllerId}.`);
    const [issued] = await tx
      .insert(controllerTokens)
      .values({ controllerId, tokenHash: sha256Hex(token), label, createdAt: by.at })
      .returning({ id: controllerTokens.id });
    const tokenId = (issued as { id: string }).id;
    await recordAuditEvent(tx, {
      subjectType: "controller",
      subjectId: controllerId,
      actor: by.actor,
      at: by.at,
      action: "controller_token_issued",
      data: { tokenId, label },
    });
    return { tokenId, token };
  });
}

/** Revokes one of a controller's tokens at once, on the general trail; another controller's token is not found. */
export async function revokeControllerToken(db: Database, controllerId: string, tokenId: string, by: ActedBy) {
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(controllerTokens)
      .set({ revokedAt: by.at })
      .where(
        and(
          eq(controllerTokens.id, tokenId),
          eq(controllerTokens.controllerId, controllerId),
          isNull(controllerTokens.revokedAt),
        ),
      )
      .returning({ id: controllerTokens.id });
    if (!revoked) throw new DomainError("not_found", "This controller has no such live token.");
    await recordAuditEvent(tx, {
      subjectType: "controller",
      subjectId: controllerId,
      actor: by.actor,
      at: by.at,
      action: "controller_token_revoked",
      data: { tokenId },
    });
  });
}

/**
 * The controller a live token belongs to; a disabled controller's tokens still work, since its routed parts may
 * still wait for its instructions.
 */
export async function authenticateController(db: Database, token: string, now: Date): Promise<string | undefined> {
  if (!token.startsWith(controllerTokenPrefix)) return undefined;
  return liveTokenOwner(db, { table: controllerTokens, owner: "controller_id" }, token, now);
}
