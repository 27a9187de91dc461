import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import { tryAdvisoryXactLock } from '@clmb/common';
import { schema, type UsersDb } from '../db';

const { sessions, climbs, rateLimits } = schema;

/** A session of a logbook and how many climbs it has: what an export part is cut from. */
export interface SessionSize {
  id: string;
  startTime: Date;
  climbs: number;
}

/**
 * Up to `limit` of a user's sessions oldest first, after `after` (start time, id), each with its
 * number of climbs (counted through the climbs' session index, one session at a time). The
 * subquery names its tables: drizzle writes a column of a one-table select without its table.
 */
export async function findSessionSizes(db: UsersDb, userId: string, after: { startTime: Date; id: string } | null, limit: number): Promise<SessionSize[]> {
  const position = after ? sql`(${sessions.startTime}, ${sessions.id}) > (${after.startTime.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
  return await db
    .select({ id: sessions.id, startTime: sessions.startTime, climbs: sql<number>`(select count(*) from ${climbs} where ${climbs}.session_id = ${sessions}.id)::int` })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), position))
    .orderBy(asc(sessions.startTime), asc(sessions.id))
    .limit(limit);
}

/** These sessions oldest first, and their climbs by session and in logging order: two statements. */
export async function findLogbookPart(db: UsersDb, sessionIds: readonly string[]): Promise<{ sessions: SessionRow[]; climbs: ClimbRow[] }> {
  const ids = [...sessionIds];
  const sessionRows = await db.select().from(sessions).where(inArray(sessions.id, ids)).orderBy(asc(sessions.startTime), asc(sessions.id));
  const climbRows = await db.select().from(climbs).where(inArray(climbs.sessionId, ids)).orderBy(asc(climbs.sessionId), asc(climbs.createdAt), asc(climbs.id));
  return { sessions: sessionRows, climbs: climbRows };
}

/**
 * Takes the user's import lock for the rest of the transaction unless another transaction holds
 * it: then false at once (an import of theirs is running), so that no import waits for another
 * while it holds a connection. Two imports of one file cannot both find a climb missing and both insert it.
 */
export async function tryLockImports(tx: UsersDb, userId: string): Promise<boolean> {
  return await tryAdvisoryXactLock(tx, 'logbook-import', userId);
}

/** How much of a quota window is used, and when it closes; null when none is open. */
export async function findQuotaWindow(db: UsersDb, key: string): Promise<{ used: number; resetAt: Date } | null> {
  const [row] = await db
    .select({ used: rateLimits.count, resetAt: rateLimits.resetAt })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.resetAt, sql`now()`)));
  return row ?? null;
}

/** Adds `amount` to a quota window, opening one of `windowSeconds` when none is open (in the log-in throttle's table, which prunes closed windows). */
export async function addToQuotaWindow(db: UsersDb, key: string, amount: number, windowSeconds: number): Promise<void> {
  const expired = sql`${rateLimits.resetAt} <= now()`;
  await db
    .insert(rateLimits)
    .values({ key, count: amount, resetAt: sql`now() + ${windowSeconds} * interval '1 second'` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then excluded.count else ${rateLimits.count} + excluded.count end`,
        resetAt: sql`case when ${expired} then excluded.reset_at else ${rateLimits.resetAt} end`,
      },
    });
}

/**
 * A session's natural key: the user's session at this gym starting at this millisecond (files
 * carry milliseconds; a stored time may have microseconds). The oldest when there are several;
 * with `lock`, its row is locked for the rest of the transaction (logClimb's count waits for it).
 */
export async function findSessionAt(db: UsersDb, userId: string, gymId: string, startTime: Date, options: { lock: boolean }): Promise<string | null> {
  const query = db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        eq(sessions.gymId, gymId),
        sql`date_trunc('milliseconds', ${sessions.startTime}) = ${startTime.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(sessions.createdAt), asc(sessions.id))
    .limit(1);
  const [row] = options.lock ? await query.for('update') : await query;
  return row?.id ?? null;
}

/** A climb's natural key within its session: the route and the time it was logged (to the millisecond, as JavaScript reads it). */
export async function findClimbKeys(db: UsersDb, sessionId: string): Promise<{ routeId: string; createdAt: Date }[]> {
  return await db.select({ routeId: climbs.routeId, createdAt: climbs.createdAt }).from(climbs).where(eq(climbs.sessionId, sessionId));
}
