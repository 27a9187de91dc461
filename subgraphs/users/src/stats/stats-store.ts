import type { ClimbRow, Discipline, Visibility } from '@clmb/drizzle/users';
import { and, eq, getTableColumns, gte, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';
import { type Allowed, seen } from '../privacy/narrowing-store';

const { sessions, climbs, climberMonths, climberGradeMonths } = schema;

export type { Allowed };

/** A time range of session starts: `from` inclusive, `to` exclusive, null open. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/**
 * A period as the aggregates can answer it: the whole UTC months inside it (`months`, read from
 * the buckets; null when it holds none), and the parts of months at its edges (`edges`, read from
 * the climbs themselves: at most a month of them at each end).
 */
export interface SplitPeriod {
  months: Period | null;
  edges: Period[];
}

const monthStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
const nextMonthStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));

export function splitPeriod(period: Period): SplitPeriod {
  const first = period.from && (monthStart(period.from).getTime() === period.from.getTime() ? period.from : nextMonthStart(period.from));
  const end = period.to && monthStart(period.to);
  if (first && end && first >= end) return { months: null, edges: [period] };
  const edges: Period[] = [];
  if (period.from && first && first > period.from) edges.push({ from: period.from, to: first });
  if (period.to && end && end < period.to) edges.push({ from: end, to: period.to });
  return { months: { from: first, to: end }, edges };
}

/** A bucket's month as the aggregates store it: the first day of the month, `YYYY-MM-DD`. */
export const bucketMonth = (date: Date) => date.toISOString().slice(0, 10);

/** The buckets' narrowness of a visibility, as the `users.narrowness` SQL function has it; null (not narrowed) is 0. */
export const NARROWNESS: Record<Visibility, number> = { PUBLIC: 0, FOLLOWERS: 1, PRIVATE: 2 };

/**
 * The narrowest bucket the viewer may see. privacy's rule (rule.ts `mayView`) lets a viewer who
 * may see a narrowing see every wider one (a follower PUBLIC and FOLLOWERS, anyone else PUBLIC,
 * the climber and an ADMIN all), so `allowed` is always "every narrowing up to one", and "seen"
 * is "narrowness ≤ this"; the private counts are the rest. A set that is not of that shape could
 * not be answered from the buckets, so it is refused rather than misread.
 */
export function highestSeen(allowed: Allowed): number {
  if (!allowed) return NARROWNESS.PRIVATE;
  const highest = Math.max(-1, ...allowed.map((visibility) => NARROWNESS[visibility]));
  if (highest < 0 || new Set(allowed).size !== highest + 1) throw new Error(`stats: narrowings ${allowed.join(',')} are not every one up to the narrowest`);
  return highest;
}

/** A user's totals; users without sessions (in the period) may have no row. */
export interface StatsRow {
  userId: string;
  sessionCount: number;
  climbCount: number;
  sendCount: number;
  /** Climbs logged with style FLASH, as the climber said: not the first-try figure of a route's `flashRate`. */
  flashCount: number;
  /** Climbs logged with style ONSIGHT. */
  onsightCount: number;
  /** Over ended sessions. */
  durationMs: number;
  /** Sessions, and climbs, in the period left out because the viewer may not see them. */
  privateSessionCount: number;
  privateClimbCount: number;
}

/**
 * Where a read looks: the buckets of the period's whole months (`months`, a condition on a bucket
 * table's month) and the sessions at its edges (`edges`, a condition on their start, or null when
 * the period has no partial month).
 */
function periodParts(period: Period, month: typeof climberMonths.month | typeof climberGradeMonths.month) {
  const { months, edges } = splitPeriod(period);
  const inMonths = months
    ? (and(months.from ? gte(month, bucketMonth(months.from)) : undefined, months.to ? lt(month, bucketMonth(months.to)) : undefined) ?? sql`true`)
    : sql`false`;
  const started = (range: Period) => and(range.from ? gte(sessions.startTime, range.from) : undefined, range.to ? lt(sessions.startTime, range.to) : undefined);
  return { inMonths, edges: edges.length > 0 ? or(...edges.map(started))! : null };
}

/** A climb's narrowness, as the triggers bucket it: the narrower of its session's and its own. */
const climbNarrowness = sql`greatest(users.narrowness(${sessions.visibility}), users.narrowness(${climbs.visibility}))`;

/**
 * Totals for many users in one statement, from the month buckets of the period's whole months and
 * the sessions and climbs of its partial months; the buckets the viewer may not see are counted
 * apart, as private.
 */
export async function statsByUserIds(db: UsersDb, userIds: readonly string[], period: Period, allowed: Allowed): Promise<StatsRow[]> {
  const ids = [...userIds];
  const { inMonths, edges } = periodParts(period, climberMonths.month);
  const parts = [
    sql`select ${climberMonths.userId} as user_id, ${climberMonths.narrowness} as narrowness, ${climberMonths.sessions} as sessions,
      ${climberMonths.durationMs} as duration_ms, ${climberMonths.climbs} as climbs, ${climberMonths.sends} as sends,
      ${climberMonths.flashes} as flashes, ${climberMonths.onsights} as onsights
      from ${climberMonths} where ${and(inArray(climberMonths.userId, ids), inMonths)}`,
  ];
  if (edges) {
    parts.push(
      sql`select ${sessions.userId}, users.narrowness(${sessions.visibility}), 1,
        coalesce((extract(epoch from ${sessions.endTime} - ${sessions.startTime}) * 1000)::bigint, 0), 0, 0, 0, 0
        from ${sessions} where ${and(inArray(sessions.userId, ids), edges)}`,
      // Per session, in a lateral aggregate: the partial months' climbs through their sessions' index, whatever the planner guesses.
      sql`select ${sessions.userId}, per_session.narrowness, 0, 0, per_session.climbs, per_session.sends, per_session.flashes, per_session.onsights
        from ${sessions} cross join lateral (
          select ${climbNarrowness} as narrowness, count(*) as climbs, count(*) filter (where ${climbs.sent}) as sends,
            count(*) filter (where ${climbs.style} = 'FLASH') as flashes, count(*) filter (where ${climbs.style} = 'ONSIGHT') as onsights
          from ${climbs} where ${eq(climbs.sessionId, sessions.id)} group by 1
        ) as per_session
        where ${and(inArray(sessions.userId, ids), edges)}`,
    );
  }
  const highest = highestSeen(allowed);
  const seenSum = (column: string) => sql`coalesce(sum(${sql.identifier(column)}) filter (where narrowness <= ${highest}), 0)::int`;
  const privateSum = (column: string) => sql`coalesce(sum(${sql.identifier(column)}) filter (where narrowness > ${highest}), 0)::int`;
  return await executeRows<StatsRow>(
    db,
    sql`select user_id as "userId", ${seenSum('sessions')} as "sessionCount", ${seenSum('climbs')} as "climbCount",
      ${seenSum('sends')} as "sendCount", ${seenSum('flashes')} as "flashCount", ${seenSum('onsights')} as "onsightCount",
      coalesce(sum(duration_ms) filter (where narrowness <= ${highest}), 0)::float8 as "durationMs",
      ${privateSum('sessions')} as "privateSessionCount", ${privateSum('climbs')} as "privateClimbCount"
      from (${sql.join(parts, sql` union all `)}) as buckets group by user_id`,
  );
}

/** A user's graded climbs of one discipline in one month (UTC) at one grade, counted. */
export interface GradeMonthRow {
  userId: string;
  /** `YYYY-MM` */
  month: string;
  gradeId: string;
  gradeScale: number;
  climbs: number;
  sends: number;
  /** The sum of the climbs' attempts. */
  tries: number;
}

/** The graded climbs of the period's partial months, per session and grade (a lateral aggregate, through the sessions' index), in the grade buckets' shape. */
function gradedEdgeClimbs(ids: string[], discipline: Discipline, edges: SQL, allowed: Allowed): SQL {
  const graded = and(
    eq(climbs.sessionId, sessions.id),
    seen(climbs.visibility, allowed),
    eq(climbs.discipline, discipline),
    isNotNull(climbs.gradeId),
    isNotNull(climbs.gradeScale),
  );
  return sql`select ${sessions.userId} as user_id, users.stats_month(${sessions.startTime}) as month, per_grade.grade_id, per_grade.grade_scale,
    per_grade.climbs, per_grade.sends, per_grade.tries
    from ${sessions} cross join lateral (
      select ${climbs.gradeId} as grade_id, ${climbs.gradeScale} as grade_scale, count(*) as climbs,
        count(*) filter (where ${climbs.sent}) as sends, sum(${climbs.attempts}) as tries
      from ${climbs} where ${graded} group by 1, 2
    ) as per_grade
    where ${and(inArray(sessions.userId, ids), edges, seen(sessions.visibility, allowed))}`;
}

/** The grade buckets of these users and discipline in the period's whole months, at narrownesses the viewer may see. */
const bucketsSeen = (ids: string[], discipline: Discipline, inMonths: SQL, allowed: Allowed) =>
  and(
    inArray(climberGradeMonths.userId, ids),
    eq(climberGradeMonths.discipline, discipline),
    inMonths,
    sql`${climberGradeMonths.narrowness} <= ${highestSeen(allowed)}`,
  );

/** The grade buckets of the period's whole months the viewer may see. */
function gradeBuckets(ids: string[], discipline: Discipline, inMonths: SQL, allowed: Allowed): SQL {
  return sql`select ${climberGradeMonths.userId} as user_id, ${climberGradeMonths.month} as month, ${climberGradeMonths.gradeId} as grade_id,
    ${climberGradeMonths.gradeScale} as grade_scale, ${climberGradeMonths.climbs} as climbs, ${climberGradeMonths.sends} as sends,
    ${climberGradeMonths.tries} as tries
    from ${climberGradeMonths}
    where ${bucketsSeen(ids, discipline, inMonths, allowed)}`;
}

/** The grade buckets and the partial months' graded climbs, as one relation of bucket rows. */
function gradeRows(userIds: readonly string[], discipline: Discipline, period: Period, allowed: Allowed): SQL {
  const ids = [...userIds];
  const { inMonths, edges } = periodParts(period, climberGradeMonths.month);
  const parts = [gradeBuckets(ids, discipline, inMonths, allowed)];
  if (edges) parts.push(gradedEdgeClimbs(ids, discipline, edges, allowed));
  return sql.join(parts, sql` union all `);
}

/**
 * Pyramids and progressions of many users in one statement: a row per (user, month, grade), read
 * from the grade buckets, so a climber with 100,000 climbs costs a few dozen rows a month.
 */
export async function gradeMonthsByUserIds(db: UsersDb, userIds: readonly string[], discipline: Discipline, period: Period, allowed: Allowed): Promise<GradeMonthRow[]> {
  return await executeRows<GradeMonthRow>(
    db,
    sql`select user_id as "userId", to_char(month, 'YYYY-MM') as month, grade_id as "gradeId", grade_scale as "gradeScale",
      sum(climbs)::int as climbs, sum(sends)::int as sends, sum(tries)::int as tries
      from (${gradeRows(userIds, discipline, period, allowed)}) as buckets
      group by user_id, month, grade_id, grade_scale
      having sum(climbs) > 0`,
  );
}

/**
 * Each user's hardest graded send of the discipline (the earliest of equals), with its user id.
 * Each grade bucket keeps its earliest send with its sort key (session start, climb created_at,
 * climb id), so the hardest is the least of the highest scale's buckets; a partial month at a
 * period's edge gives each of its sessions' best send instead (bounded by a month of climbs).
 * Then the one climb is read by id.
 */
export async function hardestSendsByUserIds(
  db: UsersDb,
  userIds: readonly string[],
  discipline: Discipline,
  period: Period,
  allowed: Allowed,
): Promise<(ClimbRow & { userId: string })[]> {
  const ids = [...userIds];
  const { inMonths, edges } = periodParts(period, climberGradeMonths.month);
  const parts = [
    sql`select ${climberGradeMonths.userId} as user_id, ${climberGradeMonths.gradeScale} as grade_scale, ${climberGradeMonths.firstSendStart} as start_time,
      ${climberGradeMonths.firstSendCreatedAt} as created_at, ${climberGradeMonths.firstSendId} as id
      from ${climberGradeMonths}
      where ${and(bucketsSeen(ids, discipline, inMonths, allowed), isNotNull(climberGradeMonths.firstSendId))}`,
  ];
  if (edges) {
    // Per session, in a lateral subquery: the partial months' climbs through their sessions' index.
    parts.push(
      sql`select ${sessions.userId}, best.grade_scale, ${sessions.startTime}, best.created_at, best.id
        from ${sessions} cross join lateral (
          select ${climbs.gradeScale} as grade_scale, ${climbs.createdAt} as created_at, ${climbs.id} as id from ${climbs}
          where ${and(
            eq(climbs.sessionId, sessions.id),
            seen(climbs.visibility, allowed),
            eq(climbs.discipline, discipline),
            isNotNull(climbs.gradeId),
            isNotNull(climbs.gradeScale),
            eq(climbs.sent, true),
          )}
          order by ${climbs.gradeScale} desc, ${climbs.createdAt}, ${climbs.id} limit 1
        ) as best
        where ${and(inArray(sessions.userId, ids), edges, seen(sessions.visibility, allowed))}`,
    );
  }
  const best = sql`(select distinct on (user_id) user_id, id from (${sql.join(parts, sql` union all `)}) as sends
    order by user_id, grade_scale desc, start_time, created_at, id
    -- A row per user at most: said, so that the planner does not cost the join for thousands (and JIT-compile it).
    limit ${ids.length}) as best`;
  return await db
    .select({ ...getTableColumns(climbs), userId: sql<string>`best.user_id` })
    .from(climbs)
    .innerJoin(best, sql`${climbs.id} = best.id`);
}
