import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { ClimbRow, SessionRow } from '@clmb/drizzle/users';
import { tryAdvisoryXactLock } from '@clmb/common';
import { executeRows, schema, type UsersDb } from '../db';

const { sessions, climbs, rateLimits } = schema;

/** A session of a logbook as an export writes it, and how many climbs it has: what a part is cut from. */
export type SizedSession = Pick<SessionRow, 'id' | 'gymId' | 'name' | 'startTime' | 'endTime' | 'notes' | 'mood' | 'energy' | 'visibility'> & { climbs: number };

interface SizedSessionRow {
  id: string;
  gym_id: string;
  name: string | null;
  start_ms: number;
  end_ms: number | null;
  notes: string | null;
  mood: SessionRow['mood'];
  energy: SessionRow['energy'];
  visibility: SessionRow['visibility'];
  climbs: number;
}

/**
 * A user's sessions oldest first, after `after` (start time, id), each with its number of climbs,
 * until they pass `climbs` climbs or `sessions` sessions: the sessions of a part and the one after
 * it, in one statement. It walks the sessions one at a time over the (user_id, start_time, id)
 * index, counting each one's climbs over theirs, and stops there: a part costs its own sessions
 * and climbs, not a page of 2,000 sessions counted whatever their climbs.
 */
export async function findSizedSessions(db: UsersDb, userId: string, after: { startTime: Date; id: string } | null, limits: { climbs: number; sessions: number }): Promise<SizedSession[]> {
  const first = after ? sql`and (s.start_time, s.id) > (${after.startTime.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``;
  const rows = await executeRows<SizedSessionRow>(
    db,
    sql`
    with recursive part(id, start_time, climbs, running, taken) as (
      select s.id, s.start_time, n.climbs, n.climbs, 1
      from (select s.id, s.start_time from ${sessions} s where s.user_id = ${userId} ${first} order by s.start_time, s.id limit 1) s
      cross join lateral (select count(*)::int as climbs from ${climbs} c where c.session_id = s.id) n
      union all
      select s.id, s.start_time, n.climbs, p.running + n.climbs, p.taken + 1
      from part p
      cross join lateral (
        select s.id, s.start_time from ${sessions} s
        where s.user_id = ${userId} and (s.start_time, s.id) > (p.start_time, p.id)
        order by s.start_time, s.id limit 1
      ) s
      cross join lateral (select count(*)::int as climbs from ${climbs} c where c.session_id = s.id) n
      where p.running <= ${limits.climbs} and p.taken <= ${limits.sessions}
    )
    select s.id, s.gym_id, s.name, (extract(epoch from s.start_time) * 1000)::float8 as start_ms, (extract(epoch from s.end_time) * 1000)::float8 as end_ms, s.notes, s.mood, s.energy, s.visibility, part.climbs
    from part join ${sessions} s on s.id = part.id
    order by part.taken`,
  );
  return rows.map((row) => ({
    id: row.id,
    gymId: row.gym_id,
    name: row.name,
    startTime: new Date(row.start_ms),
    endTime: row.end_ms === null ? null : new Date(row.end_ms),
    notes: row.notes,
    mood: row.mood,
    energy: row.energy,
    visibility: row.visibility,
    climbs: row.climbs,
  }));
}

/** What an export writes of a climb. */
export type ExportedClimb = Pick<ClimbRow, 'sessionId' | 'routeId' | 'attempts' | 'sent' | 'style' | 'notes' | 'createdAt' | 'visibility'>;

/** The climbs of these sessions, by session and in logging order, in one statement. */
export async function findExportedClimbs(db: UsersDb, sessionIds: readonly string[]): Promise<ExportedClimb[]> {
  if (sessionIds.length === 0) return [];
  return await db
    .select({
      sessionId: climbs.sessionId,
      routeId: climbs.routeId,
      attempts: climbs.attempts,
      sent: climbs.sent,
      style: climbs.style,
      notes: climbs.notes,
      createdAt: climbs.createdAt,
      visibility: climbs.visibility,
    })
    .from(climbs)
    .where(inArray(climbs.sessionId, [...sessionIds]))
    .orderBy(asc(climbs.sessionId), asc(climbs.createdAt), asc(climbs.id));
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

/** A session as an import identifies it: the user's session at this gym starting at this millisecond (start times are stored to the millisecond). */
export interface SessionKey {
  gymId: string;
  startTime: Date;
}

export const sessionKeyOf = (key: SessionKey) => `${key.gymId} ${key.startTime.getTime()}`;

// Arrays travel as one parameter each, a multi-row statement of any size far below Postgres' 65,535
// parameters. Each is text[], cast in SQL: the drivers serialize other arrays each their own way
// (postgres-js writes a boolean[] of strings as all false, and fails on a timestamptz[]).
const texts = (values: readonly (string | number | boolean | Date | null)[]) => sql.param(values.map((v) => (v === null ? null : v instanceof Date ? v.toISOString() : String(v))));

interface KeyedRow {
  id: string;
  gym_id: string;
  start_ms: number;
}

// The start time as milliseconds since the epoch: both drivers read a float8 as a number, whereas a raw timestamp comes back as each one likes.
const startMs = sql`(extract(epoch from start_time) * 1000)::float8 as start_ms`;

// Later rows win: a caller that wants the oldest of a key orders it last.
const idsByKey = (rows: readonly KeyedRow[]) => new Map(rows.map((row) => [sessionKeyOf({ gymId: row.gym_id, startTime: new Date(row.start_ms) }), row.id]));

/**
 * The user's sessions with these keys, in one statement, each the oldest with its key (the API may
 * log two at one instant). With `lock`, every matching row is locked for the rest of the
 * transaction, so that logClimb's count of a session's climbs waits for the import.
 */
export async function findSessionsAt(db: UsersDb, userId: string, keys: readonly SessionKey[], options: { lock: boolean }): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await executeRows<KeyedRow>(db, sql`
    select s.id, s.gym_id, ${startMs} from ${sessions} s
    where s.user_id = ${userId}
      and (s.gym_id, s.start_time) in (
        select k.gym_id::uuid, k.start_time::timestamptz from unnest(${texts(keys.map((k) => k.gymId))}::text[], ${texts(keys.map((k) => k.startTime))}::text[]) as k(gym_id, start_time))
    order by s.created_at desc, s.id desc
    ${options.lock ? sql`for update of s` : sql``}`);
  // Newest first, so that the oldest of a key is the one the map keeps.
  return idsByKey(rows);
}

/** A climb's natural key within its session: the route and the time it was logged (to the millisecond, as JavaScript reads it). */
export async function findClimbKeys(db: UsersDb, sessionIds: readonly string[]): Promise<{ sessionId: string; routeId: string; createdAt: Date }[]> {
  if (sessionIds.length === 0) return [];
  return await db.select({ sessionId: climbs.sessionId, routeId: climbs.routeId, createdAt: climbs.createdAt }).from(climbs).where(inArray(climbs.sessionId, [...sessionIds]));
}

export type ImportedSession = Pick<typeof sessions.$inferInsert, 'gymId' | 'name' | 'startTime' | 'endTime' | 'notes' | 'mood' | 'energy' | 'visibility'>;

/**
 * Writes an import's new sessions in one statement, marked imported: their key is unique among
 * imported sessions (session_imported_key_idx), so the same session imported twice fails the
 * import rather than doubling. The ids come back by key.
 */
export async function insertImportedSessions(db: UsersDb, userId: string, rows: readonly ImportedSession[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const column = <K extends keyof ImportedSession>(key: K) => texts(rows.map((row) => row[key] ?? null));
  const inserted = await executeRows<KeyedRow>(db, sql`
    insert into ${sessions} (user_id, gym_id, name, start_time, end_time, notes, mood, energy, visibility, imported)
    select ${userId}, r.gym_id::uuid, r.name, r.start_time::timestamptz, r.end_time::timestamptz, r.notes, r.mood::users.mood, r.energy::users.energy,
      r.visibility::users.visibility, true
    from unnest(${column('gymId')}::text[], ${column('name')}::text[], ${column('startTime')}::text[], ${column('endTime')}::text[],
      ${column('notes')}::text[], ${column('mood')}::text[], ${column('energy')}::text[], ${column('visibility')}::text[])
      as r(gym_id, name, start_time, end_time, notes, mood, energy, visibility)
    returning id, gym_id, ${startMs}`);
  return idsByKey(inserted);
}

export type ImportedClimb = Pick<
  typeof climbs.$inferInsert,
  'sessionId' | 'routeId' | 'attempts' | 'sent' | 'style' | 'notes' | 'createdAt' | 'gradeId' | 'gradeScale' | 'discipline' | 'gymId' | 'visibility'
>;

/**
 * Writes an import's climbs in one statement however many, marked imported: their key (session,
 * route, logged time) is unique among imported climbs (climb_imported_key_idx).
 */
export async function insertImportedClimbs(db: UsersDb, rows: readonly ImportedClimb[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ImportedClimb>(key: K) => texts(rows.map((row) => row[key] ?? null));
  await db.execute(sql`
    insert into ${climbs} (session_id, route_id, attempts, sent, style, notes, created_at, grade_id, grade_scale, discipline, gym_id, visibility, imported)
    select r.session_id::uuid, r.route_id::uuid, r.attempts::int, r.sent::boolean, r.style::users.ascent_style, r.notes, r.created_at::timestamptz, r.grade_id::uuid,
      r.grade_scale::int, r.discipline::users.discipline, r.gym_id::uuid, r.visibility::users.visibility, true
    from unnest(${column('sessionId')}::text[], ${column('routeId')}::text[], ${column('attempts')}::text[], ${column('sent')}::text[], ${column('style')}::text[],
      ${column('notes')}::text[], ${column('createdAt')}::text[], ${column('gradeId')}::text[], ${column('gradeScale')}::text[], ${column('discipline')}::text[],
      ${column('gymId')}::text[], ${column('visibility')}::text[])
      as r(session_id, route_id, attempts, sent, style, notes, created_at, grade_id, grade_scale, discipline, gym_id, visibility)`);
}
