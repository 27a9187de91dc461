import type { ClimbRow, Discipline } from '@clmb/drizzle/users';
import { and, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';
import { type Allowed, seen } from '../privacy/narrowing-store';
import type { Period } from './stats-store';
import type { GradeMonthRow, StatsRow } from './stats-store';

// Tests: what stats answered before the aggregates, straight from every session and climb. The
// exactness test holds the aggregates' answers to these, and the buckets to `recomputeBuckets`.

const { sessions, climbs } = schema;

/** Sessions of these users that started in the period. */
function sessionsOf(userIds: readonly string[], period: Period): SQL | undefined {
  return and(
    inArray(sessions.userId, [...userIds]),
    period.from ? gte(sessions.startTime, period.from) : undefined,
    period.to ? lt(sessions.startTime, period.to) : undefined,
  );
}

/**
 * Totals for many users in one aggregate query. Climbs are counted per session in a lateral
 * subquery so that joining them does not multiply the sessions' durations. Only the sessions and
 * climbs `allowed` lets the viewer see count; the others are counted apart, as private.
 */
export async function recomputeStats(db: UsersDb, userIds: readonly string[], period: Period, allowed: Allowed): Promise<StatsRow[]> {
  const climbSeen = seen(climbs.visibility, allowed);
  const sessionSeen = seen(sessions.visibility, allowed);
  const perSession = db
    .select({
      climbCount: sql<number>`count(*) filter (where ${climbSeen})`.as('climb_count'),
      sendCount: sql<number>`count(*) filter (where ${climbSeen} and ${climbs.sent})`.as('send_count'),
      flashCount: sql<number>`count(*) filter (where ${climbSeen} and ${climbs.style} = 'FLASH')`.as('flash_count'),
      onsightCount: sql<number>`count(*) filter (where ${climbSeen} and ${climbs.style} = 'ONSIGHT')`.as('onsight_count'),
      allClimbCount: sql<number>`count(*)`.as('all_climb_count'),
    })
    .from(climbs)
    .where(eq(climbs.sessionId, sessions.id))
    .as('per_session');
  const total = (column: SQL.Aliased<number>) => sql<number>`coalesce(sum(${column}) filter (where ${sessionSeen}), 0)::int`;
  return await db
    .select({
      userId: sessions.userId,
      sessionCount: sql<number>`(count(*) filter (where ${sessionSeen}))::int`,
      climbCount: total(perSession.climbCount),
      sendCount: total(perSession.sendCount),
      flashCount: total(perSession.flashCount),
      onsightCount: total(perSession.onsightCount),
      // Milliseconds as a float: numeric would come back as a string from postgres-js.
      durationMs: sql<number>`(coalesce(sum(extract(epoch from ${sessions.endTime} - ${sessions.startTime})) filter (where ${sessionSeen}), 0) * 1000)::float8`,
      privateSessionCount: sql<number>`(count(*) filter (where not ${sessionSeen}))::int`,
      privateClimbCount: sql<number>`(coalesce(sum(${perSession.allClimbCount}), 0) - ${total(perSession.climbCount)})::int`,
    })
    .from(sessions)
    .crossJoinLateral(perSession)
    .where(sessionsOf(userIds, period))
    .groupBy(sessions.userId);
}

/**
 * Pyramids and progressions of many users in one aggregate: a row per (user, month, grade), so a
 * climber with 10,000 climbs costs a few dozen rows, never one per climb.
 */
export async function recomputeGradeMonths(db: UsersDb, userIds: readonly string[], discipline: Discipline, period: Period, allowed: Allowed): Promise<GradeMonthRow[]> {
  const month = sql<string>`to_char(${sessions.startTime} at time zone 'UTC', 'YYYY-MM')`;
  const rows = await db
    .select({
      userId: sessions.userId,
      month,
      gradeId: climbs.gradeId,
      gradeScale: climbs.gradeScale,
      climbs: sql<number>`count(*)::int`,
      sends: sql<number>`(count(*) filter (where ${climbs.sent}))::int`,
      tries: sql<number>`sum(${climbs.attempts})::int`,
    })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(and(sessionsOf(userIds, period), seen(sessions.visibility, allowed), seen(climbs.visibility, allowed), eq(climbs.discipline, discipline), isNotNull(climbs.gradeId)))
    .groupBy(sessions.userId, month, climbs.gradeId, climbs.gradeScale);
  return rows as GradeMonthRow[];
}

/** Each user's hardest graded send of the discipline (the earliest of equals), with its user id. */
export async function recomputeHardestSends(
  db: UsersDb,
  userIds: readonly string[],
  discipline: Discipline,
  period: Period,
  allowed: Allowed,
): Promise<(ClimbRow & { userId: string })[]> {
  const rows = await db
    .selectDistinctOn([sessions.userId], { userId: sessions.userId, climb: climbs })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(
      and(
        sessionsOf(userIds, period),
        seen(sessions.visibility, allowed),
        seen(climbs.visibility, allowed),
        eq(climbs.discipline, discipline),
        eq(climbs.sent, true),
        isNotNull(climbs.gradeScale),
      ),
    )
    .orderBy(sessions.userId, sql`${climbs.gradeScale} desc`, sessions.startTime, climbs.createdAt, climbs.id);
  return rows.map((row) => ({ ...row.climb, userId: row.userId }));
}

/** A bucket row as the aggregates hold it, month `YYYY-MM-DD`, counts in a fixed order. */
export type BucketRow = Record<string, string | number>;

/** Every non-empty bucket of the aggregate tables (a grade bucket with its earliest send), in key order. */
export async function storedBuckets(db: UsersDb): Promise<{ months: BucketRow[]; grades: BucketRow[] }> {
  const months = await executeRows<BucketRow>(
    db,
    sql`select user_id, month::text, narrowness::int, sessions, duration_ms::float8 as duration_ms, climbs, sends, flashes, onsights
      from users.climber_month where (sessions, duration_ms, climbs, sends, flashes, onsights) <> (0, 0, 0, 0, 0, 0) order by 1, 2, 3`,
  );
  const grades = await executeRows<BucketRow>(
    db,
    sql`select user_id, discipline::text, month::text, grade_id, grade_scale, narrowness::int, climbs, sends, tries,
        first_send_id, (first_send_start at time zone 'UTC')::text as first_send_start, (first_send_created_at at time zone 'UTC')::text as first_send_created_at
      from users.climber_grade_month where (climbs, sends, tries) <> (0, 0, 0) or first_send_id is not null order by 1, 2, 3, 4, 5, 6`,
  );
  return { months, grades };
}

/** The buckets recomputed from every session and climb, as `storedBuckets` returns them. */
export async function recomputeBuckets(db: UsersDb): Promise<{ months: BucketRow[]; grades: BucketRow[] }> {
  const narrowness = (column: string) => sql.raw(`case ${column} when 'PRIVATE' then 2 when 'FOLLOWERS' then 1 else 0 end`);
  const month = sql.raw(`to_char(s.start_time at time zone 'UTC', 'YYYY-MM-01')`);
  const climbNarrowness = sql`greatest(${narrowness('s.visibility')}, ${narrowness('c.visibility')})`;
  const months = await executeRows<BucketRow>(
    db,
    sql`select user_id, month, narrowness, sum(sessions)::int as sessions, sum(duration_ms)::float8 as duration_ms, sum(climbs)::int as climbs,
        sum(sends)::int as sends, sum(flashes)::int as flashes, sum(onsights)::int as onsights
      from (
        select s.user_id, ${month} as month, ${narrowness('s.visibility')} as narrowness, 1 as sessions,
          coalesce(extract(epoch from s.end_time - s.start_time) * 1000, 0) as duration_ms, 0 as climbs, 0 as sends, 0 as flashes, 0 as onsights
        from users.session s
        union all
        select s.user_id, ${month}, ${climbNarrowness}, 0, 0, 1, c.sent::int, (c.style is not distinct from 'FLASH')::int, (c.style is not distinct from 'ONSIGHT')::int
        from users.climb c join users.session s on s.id = c.session_id
      ) as rows group by 1, 2, 3 order by 1, 2, 3`,
  );
  const grades = await executeRows<BucketRow>(
    db,
    sql`select s.user_id, c.discipline::text, ${month} as month, c.grade_id, c.grade_scale, ${climbNarrowness} as narrowness,
        count(*)::int as climbs, (count(*) filter (where c.sent))::int as sends, sum(c.attempts)::int as tries,
        (array_agg(c.id order by s.start_time, c.created_at, c.id) filter (where c.sent))[1] as first_send_id,
        (array_agg((s.start_time at time zone 'UTC')::text order by s.start_time, c.created_at, c.id) filter (where c.sent))[1] as first_send_start,
        (array_agg((c.created_at at time zone 'UTC')::text order by s.start_time, c.created_at, c.id) filter (where c.sent))[1] as first_send_created_at
      from users.climb c join users.session s on s.id = c.session_id
      where c.grade_id is not null and c.grade_scale is not null and c.discipline is not null
      group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
  );
  return { months, grades };
}
