import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { sha256Hex } from "../../security/secrets.js";

export interface Limit {
  /** What is counted, e.g. "intake:ip:203.0.113.9". */
  key: string;
  limit: number;
  windowSeconds: number;
}

/** The SQLSTATE `rightsdesk_admit` raises for a hit over its limit; its DETAIL is the seconds to wait. */
export const overLimitCode = "R0429";

/**
 * One hit against a fixed window in PostgreSQL, so every process sharing the database shares the count: an upsert
 * that restarts the window when it has run out, returning the hits and the window's start. Keys are stored hashed:
 * they name addresses and e-mail addresses, which the table has no need to hold.
 */
export function rateLimitHit(limit: Limit, now: Date): SQL {
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000).toISOString();
  return sql`insert into rate_limits (key, window_started_at, hits)
      values (${sha256Hex(limit.key)}, ${now.toISOString()}::timestamptz, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_started_at <= ${windowStart}::timestamptz then 1 else rate_limits.hits + 1 end,
      window_started_at = case when rate_limits.window_started_at <= ${windowStart}::timestamptz
        then excluded.window_started_at else rate_limits.window_started_at end
    returning hits, window_started_at`;
}

/** Counts one hit; returns how long to wait when over the limit. */
export async function hitRateLimit(db: Executor, limit: Limit, now: Date): Promise<{ retryAfterSeconds?: number }> {
  const [row] = await rowsOf<{ hits: number; window_started_at: string | Date }>(db, rateLimitHit(limit, now));
  if (!row || row.hits <= limit.limit) return {};
  const endsAt = new Date(row.window_started_at).getTime() + limit.windowSeconds * 1000;
  return { retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
}

/**
 * The hits as data-modifying CTEs (`hit_0`, `hit_1`...) and a check to end the statement with: `rightsdesk_admit`
 * raises `overLimitCode` when a hit is over its limit, which undoes the whole statement, the writes beside it
 * included. So a write and the limits it counts against cost one round trip.
 */
export function admission(limits: Limit[], now: Date): { hits: SQL[]; check: SQL } {
  const hits = limits.map((limit, i) => sql`${sql.identifier(`hit_${i}`)} as (${rateLimitHit(limit, now)})`);
  const checks = limits.map(
    (limit, i) =>
      sql`rightsdesk_admit((select hits from ${sql.identifier(`hit_${i}`)}), ${limit.limit}::int,
        (select window_started_at from ${sql.identifier(`hit_${i}`)}), ${limit.windowSeconds}::int, ${now.toISOString()}::timestamptz)`,
  );
  return { hits, check: checks.length ? sql`select ${sql.join(checks, sql` and `)} as admitted` : sql`select true` };
}
