import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { signInFailures } from "../../db/schema/index.js";
import { sha256Hex } from "../../security/secrets.js";

/** Failures an account and address may make before each next attempt must wait. */
const freeFailures = 2;
const longestWaitSeconds = 15 * 60;

/** Seconds to wait after `failures` failed sign-ins: none at first, then 1, 2, 4... up to 15 minutes. */
export function signInDelaySeconds(failures: number): number {
  return failures <= freeFailures ? 0 : Math.min(2 ** (failures - freeFailures - 1), longestWaitSeconds);
}

const keyOf = (email: string, ip: string) => sha256Hex(`sign-in:${email.trim().toLowerCase()}:${ip}`);

/**
 * How long this account and address must still wait before trying again (0: not at all). Another address trying the
 * same account has its own count, so no one elsewhere can lock a colleague out.
 */
export async function signInWait(db: Database, email: string, ip: string, now: Date): Promise<number> {
  const [row] = await db
    .select()
    .from(signInFailures)
    .where(eq(signInFailures.key, keyOf(email, ip)));
  if (!row) return 0;
  const until = row.lastFailureAt.getTime() + signInDelaySeconds(row.failures) * 1000;
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

export async function recordSignInFailure(db: Database, email: string, ip: string, now: Date): Promise<void> {
  await db
    .insert(signInFailures)
    .values({ key: keyOf(email, ip), failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: signInFailures.key,
      set: { failures: sql`${signInFailures.failures} + 1`, lastFailureAt: now },
    });
}

export async function clearSignInFailures(db: Database, email: string, ip: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.key, keyOf(email, ip)));
}
