import { randomUUID } from "node:crypto";
import { count, sql } from "drizzle-orm";
import type { AppContext, ResolvedConfig } from "../../context.js";
import type { Database } from "../../db/index.js";
import { staffUsers } from "../../db/schema/index.js";
import { systemJob } from "../../domain/actor.js";
import { hashPassword } from "../../security/passwords.js";
import { keyedHash, sameDigest } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";

/** How long the first-run link works: an hour from when the server printed it. */
const setupLinkSeconds = 3600;

/**
 * The first run of a service with no staff: a link to create the first admin, as self-hosted products print. It is
 * a signed time, so nothing is stored; it works for an hour, and once, since it works only while no one is on the
 * team. None while anyone is.
 */
export async function firstRunLink(
  db: Database,
  config: Pick<ResolvedConfig, "TOKEN_SECRET" | "PUBLIC_BASE_URL">,
  now: Date,
): Promise<string | undefined> {
  if (await teamExists(db)) return undefined;
  const issued = String(Math.floor(now.getTime() / 1000));
  const url = new URL("/staff/setup", config.PUBLIC_BASE_URL);
  url.searchParams.set("token", `${issued}.${keyedHash(config.TOKEN_SECRET, "first-admin", issued)}`);
  return url.toString();
}

async function teamExists(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(staffUsers);
  return (row?.n ?? 0) > 0;
}

export type SetupLink = "open" | "expired" | "used";

/** Whether a first-run link still works: signed by us, within its hour, and no one on the team yet. */
export async function setupLinkState(ctx: AppContext, token: string | undefined): Promise<SetupLink | "invalid"> {
  const [issued, signature] = (token ?? "").split(".", 2);
  if (!issued || !signature || !/^\d{1,12}$/.test(issued)) return "invalid";
  if (!sameDigest(signature, keyedHash(ctx.config.TOKEN_SECRET, "first-admin", issued))) return "invalid";
  if (await teamExists(ctx.db)) return "used";
  const age = ctx.now().getTime() / 1000 - Number(issued);
  return age >= 0 && age <= setupLinkSeconds ? "open" : "expired";
}

/**
 * Creates the first admin from a first-run link, with a password for the pages, on the general trail. The team is
 * locked while it is checked to be empty, so two people with the link cannot both become the first.
 */
export async function createFirstAdmin(
  ctx: AppContext,
  token: string,
  input: { email: string; password: string; name: string },
): Promise<SetupLink | "invalid"> {
  const state = await setupLinkState(ctx, token);
  if (state !== "open") return state;
  const passwordHash = await hashPassword(input.password);
  const at = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${staffUsers} in share row exclusive mode`);
    const [row] = await tx.select({ n: count() }).from(staffUsers);
    if ((row?.n ?? 0) > 0) return "used";
    const id = randomUUID();
    await tx
      .insert(staffUsers)
      .values({ id, email: input.email.trim().toLowerCase(), name: input.name.trim(), role: "admin", passwordHash });
    await recordAuditEvent(tx, {
      subjectType: "staff",
      subjectId: id,
      actor: systemJob("first-run"),
      at,
      action: "staff_created",
      data: { role: "admin", firstRun: true },
    });
    return "open";
  });
}
