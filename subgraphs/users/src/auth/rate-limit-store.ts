import { inArray, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { rateLimits } = schema;

export interface Bucket {
  key: string;
  windowSeconds: number;
}

export interface Hit {
  key: string;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts one attempt against each bucket in a single statement: the upsert opens a window for a
 * new (or expired) key and increments a live one, so concurrent attempts from every replica are
 * counted exactly (the row lock of ON CONFLICT serialises them). Returns each bucket's count
 * including this attempt, and how long until its window closes.
 */
export async function hitBuckets(db: UsersDb, buckets: readonly Bucket[]): Promise<Hit[]> {
  if (buckets.length === 0) return [];
  const expired = sql`${rateLimits.resetAt} <= now()`;
  return db
    .insert(rateLimits)
    .values(buckets.map((b) => ({ key: b.key, count: 1, resetAt: sql`now() + ${b.windowSeconds} * interval '1 second'` })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        resetAt: sql`case when ${expired} then excluded.reset_at else ${rateLimits.resetAt} end`,
      },
    })
    .returning({
      key: rateLimits.key,
      count: rateLimits.count,
      retryAfterSeconds: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimits.resetAt} - now())))::int`,
    });
}

/** Forgets a bucket, e.g. an account's failed log-ins once the right password is given. */
export async function clearBuckets(db: UsersDb, keys: readonly string[]): Promise<void> {
  await db.delete(rateLimits).where(inArray(rateLimits.key, [...keys]));
}

/**
 * Deletes up to `limit` expired windows, oldest first through the reset_at index, so pruning
 * costs the same however many rows an attack left behind.
 */
export async function pruneExpired(db: UsersDb, limit = 1000): Promise<void> {
  await db.execute(sql`
    delete from ${rateLimits} where key in (
      select key from ${rateLimits} where reset_at <= now() order by reset_at limit ${limit}
    )`);
}
