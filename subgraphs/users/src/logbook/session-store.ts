import { and, asc, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { ClimbRow, SessionRow, UserRow, Visibility } from '@clmb/drizzle/users';
import { jsonRows, type KeysetCursor, keysetPages, mapPgErrors, type RankedRows } from '@clmb/common';
import { schema, type UsersDb } from '../db';

const { climbs, sessions, users } = schema;

type NewSession = typeof sessions.$inferInsert;
export type SessionPatch = Partial<Pick<NewSession, 'name' | 'startTime' | 'endTime' | 'notes' | 'mood' | 'energy' | 'visibility'>>;

export async function findSessionsByIds(db: UsersDb, ids: readonly string[]): Promise<SessionRow[]> {
  return await db.select().from(sessions).where(inArray(sessions.id, [...ids]));
}

const sessionKeyset = { parent: sessions.userId, time: sessions.startTime, id: sessions.id };
// Privacy's visibleNarrowings: only sessions not narrowed, or narrowed to a visibility the page allows.
const allowedNarrowings = sql`(${sessions.visibility} is null or ${sessions.visibility}::text = any(${sql.placeholder('allowed')}))`;

/**
 * A session of a page; on the first row of each user's page, that user's own row (`owner`), null
 * on the others. The viewer's logbook (`me { sessions }`) then reads their row and their page in
 * one statement: the page is there whenever the account has a session to show (which keeps the
 * account: a session's user_id is a foreign key), and an empty page is read without.
 */
export interface PageSessionRow {
  session: SessionRow;
  owner: UserRow | null;
}

/** A page row's session, with the climbs the statement read along with it: null for the row past the page. */
export interface SessionClimbsRow extends PageSessionRow {
  climbs: ClimbRow[] | null;
}

const climbRows = jsonRows(climbs);
const userRows = jsonRows(users);

/** A page's owner, read once per page through the primary key (`ofParent`): the user's row. */
const owner = (userId: SQL) => sql`(select json_agg(${userRows.row}) from ${users} where ${users.id} = ${userId})`;

/** The page row's `owner`: the user's row on its first row (rank 1) only, decoded once. */
const ownerOnFirstRow = ({ rank, ofParent }: RankedRows<typeof sessions>) => sql<unknown>`case when ${rank} = 1 then ${ofParent} end`;

const pages = keysetPages(sessions, sessionKeyset, 'first_session_pages', {
  where: allowedNarrowings,
  ofParent: owner,
  select: (db, ranked) =>
    db
      .select({ session: ranked.row, owner: ownerOnFirstRow(ranked) })
      .from(ranked.ranked)
      .orderBy(asc(ranked.parent), asc(ranked.rank)),
});

/**
 * Up to `limit` sessions of each user after `after`, newest first, in ONE query whatever the
 * number of users (over the (user_id, start_time desc, id desc) index); a first page, the
 * logbook's, is one prepared statement. Rows come grouped by user, each user's newest first. Only
 * sessions not narrowed, or narrowed to a visibility the page allows (privacy's visibleNarrowings).
 */
export async function findSessionPages(
  db: UsersDb,
  userIds: readonly string[],
  limit: number,
  after: KeysetCursor | null,
  params: { allowed: readonly string[] | undefined },
): Promise<PageSessionRow[]> {
  const rows = await pages(db, userIds, limit, after, params);
  return rows.map(({ session, owner }) => ({ session, owner: userRows.decode(owner)?.[0] ?? null }));
}

const pagesWithClimbs = keysetPages(sessions, sessionKeyset, 'first_session_pages_with_climbs', {
  where: allowedNarrowings,
  ofParent: owner,
  // drizzle writes the columns of a one-table select unqualified: the page's session id is named
  // by the subquery's alias, or inside the climbs' subquery it would be the climb's own id.
  select: (db, ranked) =>
    db
      .select({
        session: ranked.row,
        owner: ownerOnFirstRow(ranked),
        climbs: sql<unknown>`case when ${ranked.rank} < ${ranked.limit} then coalesce((select json_agg(${climbRows.row} order by ${climbs.createdAt}, ${climbs.id}) from ${climbs} where ${climbs.sessionId} = ${sql.identifier(ranked.ranked._.alias)}.${sql.identifier(sessions.id.name)}), '[]'::json) end`,
      })
      .from(ranked.ranked)
      .orderBy(asc(ranked.parent), asc(ranked.rank)),
});

/**
 * `findSessionPages` with the climbs of the pages' sessions, in the same ONE statement (the
 * logbook reads both; a second statement was a second round trip): a row per session, its climbs
 * in one JSON column (`jsonRows`: a joined row per climb had drizzle map the session's columns
 * again for each climb). The row past a page, which only tells that more follow, comes without.
 */
export async function findSessionPagesWithClimbs(
  db: UsersDb,
  userIds: readonly string[],
  limit: number,
  after: KeysetCursor | null,
  params: { allowed: readonly string[] | undefined },
): Promise<SessionClimbsRow[]> {
  const rows = await pagesWithClimbs(db, userIds, limit, after, params);
  return rows.map(({ session, owner, climbs: value }) => ({ session, owner: userRows.decode(owner)?.[0] ?? null, climbs: climbRows.decode(value) }));
}

/** How many sessions each user narrowed, per visibility (over the partial index of narrowed sessions). */
export interface NarrowedCountRow {
  userId: string;
  visibility: Visibility;
  count: number;
}

export async function countNarrowedSessions(db: UsersDb, userIds: readonly string[]): Promise<NarrowedCountRow[]> {
  return (await db
    .select({ userId: sessions.userId, visibility: sessions.visibility, count: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(inArray(sessions.userId, [...userIds]), isNotNull(sessions.visibility)))
    .groupBy(sessions.userId, sessions.visibility)) as NarrowedCountRow[];
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

/** The most gyms one write announces a leaderboard change to; more than a climber visits. */
export const MAX_GYMS_ANNOUNCED = 1_000;

/** The gyms a user has sessions at (the leaderboards their climbs may count on), up to MAX_GYMS_ANNOUNCED. */
export async function findGymIdsOfUser(db: UsersDb, userId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ gymId: sessions.gymId }).from(sessions).where(eq(sessions.userId, userId)).limit(MAX_GYMS_ANNOUNCED);
  return rows.map((row) => row.gymId);
}
