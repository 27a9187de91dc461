import { and, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../../db';

const { rateLimits } = schema;

export interface Bucket {
  key: string;
  windowSeconds: number;
}

interface Hit {
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

interface DelayedBucket extends Bucket {
  /** Attempts in a row that count without delay; after them each waits 2 s, 4 s, 8 s … up to the window. */
  freeAttempts: number;
}

interface DelayedHit {
  /** False when the attempt came before the delay had passed: refused, and not counted. */
  counted: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts one attempt against a bucket with progressive delay, in one statement (so concurrent
 * attempts are serialised by the row lock, as in `hitBuckets`). The window slides: it closes
 * `windowSeconds` after the last counted attempt. A counted attempt past the free ones sets
 * `blocked_until` to now + delay(count); one before that time leaves the row as it is (the
 * upsert's WHERE), returns no row, and is refused with the time left. The delay's doubling is a
 * rule kept in this store on purpose: worked out by the module it would need a read before the
 * write, and concurrent guesses could all pass between the two.
 */
export async function hitDelayedBucket(db: UsersDb, bucket: DelayedBucket): Promise<DelayedHit> {
  const { key, windowSeconds, freeAttempts } = bucket;
  // A free attempt sets no time at all rather than now(): now() is each transaction's start, so a
  // concurrent attempt that began a moment earlier would read the free attempt's now() as a wait.
  const delay = (count: SQL) =>
    sql`case when ${count} < ${freeAttempts} then null else now() + least(${windowSeconds}, power(2, ${count} - ${freeAttempts} + 1)) * interval '1 second' end`;
  const expired = sql`${rateLimits.resetAt} <= now()`;
  const retryAfterSeconds = sql<number>`greatest(1, ceil(extract(epoch from ${rateLimits.blockedUntil} - now())))::int`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, count: 1, resetAt: sql`now() + ${windowSeconds} * interval '1 second'`, blockedUntil: delay(sql`1`) })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        blockedUntil: sql`case when ${expired} then excluded.blocked_until else ${delay(sql`${rateLimits.count} + 1`)} end`,
        resetAt: sql`excluded.reset_at`,
      },
      // blocked_until never outlasts reset_at, so an expired window is never waiting.
      setWhere: sql`${rateLimits.blockedUntil} is null or ${rateLimits.blockedUntil} <= now()`,
    })
    .returning({ count: rateLimits.count, retryAfterSeconds });
  if (row) return { counted: true, ...row };
  const [waiting] = await db.select({ count: rateLimits.count, retryAfterSeconds }).from(rateLimits).where(eq(rateLimits.key, key));
  return { counted: false, count: waiting?.count ?? 0, retryAfterSeconds: waiting?.retryAfterSeconds ?? 1 };
}

/** A bucket's count in its open window; 0 when it has none. */
export async function openCount(db: UsersDb, key: string): Promise<{ count: number; retryAfterSeconds: number }> {
  const [row] = await db
    .select({ count: rateLimits.count, retryAfterSeconds: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimits.resetAt} - now())))::int` })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.resetAt, sql`now()`)));
  return row ?? { count: 0, retryAfterSeconds: 0 };
}

/** Forgets a bucket, e.g. an account's failed log-ins once the right password is given. */
export async function clearBuckets(db: UsersDb, keys: readonly string[]): Promise<void> {
  await db.delete(rateLimits).where(inArray(rateLimits.key, [...keys]));
}

/** Forgets every bucket whose key starts with `prefix` and ends with `suffix`. */
export async function clearBucketsBetween(db: UsersDb, prefix: string, suffix: string): Promise<void> {
  await db.delete(rateLimits).where(sql`left(${rateLimits.key}, ${prefix.length}) = ${prefix} and right(${rateLimits.key}, ${suffix.length}) = ${suffix}`);
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
