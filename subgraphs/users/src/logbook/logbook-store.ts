import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import { schema, type UsersDb } from '../db';

const { sessions, climbs } = schema;

/** A user's whole logbook in two statements: sessions oldest first, climbs by session and in logging order. */
export async function findLogbook(db: UsersDb, userId: string): Promise<{ sessions: SessionRow[]; climbs: ClimbRow[] }> {
  const sessionRows = await db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(asc(sessions.startTime), asc(sessions.id));
  const climbRows = await db
    .select(getTableColumns(climbs))
    .from(climbs)
    .innerJoin(sessions, eq(climbs.sessionId, sessions.id))
    .where(eq(sessions.userId, userId))
    .orderBy(asc(climbs.sessionId), asc(climbs.createdAt), asc(climbs.id));
  return { sessions: sessionRows, climbs: climbRows };
}

// The first key of the two-key advisory lock: this service's imports (`clmb` in ASCII).
const IMPORT_LOCK = 0x636c6d62;

/**
 * Serialises a user's imports for the rest of the transaction, so that two imports of the same file
 * running at once cannot both find a session or climb missing and both insert it.
 */
export async function lockImports(tx: UsersDb, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(IMPORT_LOCK))}, hashtext(${userId}::text))`);
}

/**
 * A session's natural key: the user's session at this gym starting at this millisecond (files
 * carry milliseconds; a stored time may have microseconds). The oldest when there are several.
 */
export async function findSessionAt(db: UsersDb, userId: string, gymId: string, startTime: Date): Promise<string | null> {
  const [row] = await db
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
  return row?.id ?? null;
}

/** A climb's natural key within its session: the route and the time it was logged (to the millisecond, as JavaScript reads it). */
export async function findClimbKeys(db: UsersDb, sessionId: string): Promise<{ routeId: string; createdAt: Date }[]> {
  return await db.select({ routeId: climbs.routeId, createdAt: climbs.createdAt }).from(climbs).where(eq(climbs.sessionId, sessionId));
}
