import { and, asc, eq, getTableColumns, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { SessionRow } from '@clmb/drizzle/users';
import { anyOf, mapPgErrors, preparedPerDatabase } from '@clmb/common';
import { schema, type UsersDb } from './db';
import type { KeysetCursor } from './keyset-page';

const { sessions } = schema;

export type NewSession = typeof sessions.$inferInsert;
export type SessionPatch = Partial<Pick<NewSession, 'name' | 'startTime' | 'endTime' | 'notes' | 'mood' | 'energy'>>;

export async function findSessionsByIds(db: UsersDb, ids: readonly string[]): Promise<SessionRow[]> {
  return await db.select().from(sessions).where(inArray(sessions.id, [...ids]));
}

/** Up to `limit` (a placeholder) sessions of each of `users`, after a keyset position if one is given. */
function rankedSessions(db: UsersDb, users: SQL, position: SQL | undefined) {
  const ranked = db
    .select({
      ...getTableColumns(sessions),
      rank: sql<number>`row_number() over (partition by ${sessions.userId} order by ${sessions.startTime} desc, ${sessions.id} desc)`.as('rank'),
    })
    .from(sessions)
    .where(and(users, position))
    .as('ranked');
  const { rank, ...columns } = ranked._.selectedFields;
  return db
    .select(columns)
    .from(ranked)
    .where(lte(ranked.rank, sql.placeholder('limit')))
    .orderBy(asc(ranked.userId), asc(ranked.rank));
}

// First pages, the logbook's: the same statement every time.
const firstSessionPages = preparedPerDatabase((db: UsersDb) => rankedSessions(db, anyOf(sessions.userId, 'userIds'), undefined).prepare('first_session_pages'));

/**
 * Up to `limit` sessions of each user after `after`, newest first, in ONE query whatever the
 * number of users: row_number() per user over the (user_id, start_time desc, id desc) index.
 * Rows come grouped by user, each user's newest first.
 */
export async function findSessionPages(db: UsersDb, userIds: readonly string[], limit: number, after: KeysetCursor | null): Promise<SessionRow[]> {
  if (!after) return (await firstSessionPages(db).execute({ userIds, limit })) as SessionRow[];
  const position = sql`(${sessions.startTime}, ${sessions.id}) < (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)`;
  const rows = await rankedSessions(db, inArray(sessions.userId, [...userIds]), position).execute({ limit });
  return rows as SessionRow[];
}

const constraintFields = { session_end_after_start: 'input.endTime' };

export function insertSession(db: UsersDb, session: NewSession): Promise<SessionRow> {
  return mapPgErrors(async () => {
    const [row] = await db.insert(sessions).values(session).returning();
    if (!row) throw new Error('insert into users.session returned no row');
    return row;
  }, constraintFields);
}

/**
 * null when no session has this id — or, with `onlyIfOpen`, when it has already ended: the
 * condition is part of the UPDATE, so two concurrent endSession calls cannot both succeed.
 * `patch` must change something: drizzle refuses an UPDATE without a SET.
 */
export function updateSession(db: UsersDb, id: string, patch: SessionPatch, { onlyIfOpen = false } = {}): Promise<SessionRow | null> {
  const match = onlyIfOpen ? and(eq(sessions.id, id), isNull(sessions.endTime)) : eq(sessions.id, id);
  return mapPgErrors(async () => {
    const [row] = await db.update(sessions).set(patch).where(match).returning();
    return row ?? null;
  }, constraintFields);
}

/** The climbs go with it, atomically, through the foreign key's ON DELETE CASCADE. */
export async function deleteSession(db: UsersDb, id: string): Promise<boolean> {
  const deleted = await db.delete(sessions).where(eq(sessions.id, id)).returning({ id: sessions.id });
  return deleted.length > 0;
}
