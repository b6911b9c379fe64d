import { sql } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { sha256Hex } from "../../security/secrets.js";

export interface Limit {
  /** What is counted, e.g. "intake:ip:203.0.113.9". */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one hit against a fixed window in PostgreSQL, so every process sharing the database shares the count.
 * One statement: the window restarts when it has run out. Returns how long to wait when over the limit.
 * Keys are stored hashed: they name addresses and e-mail addresses, which the table has no need to hold.
 */
export async function hitRateLimit(db: Executor, limit: Limit, now: Date): Promise<{ retryAfterSeconds?: number }> {
  const key = sha256Hex(limit.key);
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000).toISOString();
  const [row] = await rowsOf<{ hits: number; window_started_at: string | Date }>(
    db,
    sql`insert into rate_limits (key, window_started_at, hits) values (${key}, ${now.toISOString()}::timestamptz, 1)
        on conflict (key) do update set
          hits = case when rate_limits.window_started_at <= ${windowStart}::timestamptz then 1 else rate_limits.hits + 1 end,
          window_started_at = case when rate_limits.window_started_at <= ${windowStart}::timestamptz
            then excluded.window_started_at else rate_limits.window_started_at end
        returning hits, window_started_at`,
  );
  if (!row || row.hits <= limit.limit) return {};
  const endsAt = new Date(row.window_started_at).getTime() + limit.windowSeconds * 1000;
  return { retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
}
