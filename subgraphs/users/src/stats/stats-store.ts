import type { ClimbRow, Discipline } from '@clmb/drizzle/users';
import { and, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { sessions, climbs } = schema;

/** A time range of session starts: `from` inclusive, `to` exclusive, null open. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/** A user's totals; users without sessions (in the period) have no row. */
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
}

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
 * subquery so that joining them does not multiply the sessions' durations.
 */
export async function statsByUserIds(db: UsersDb, userIds: readonly string[], period: Period): Promise<StatsRow[]> {
  const perSession = db
    .select({
      climbCount: sql<number>`count(*)`.as('climb_count'),
      sendCount: sql<number>`count(*) filter (where ${climbs.sent})`.as('send_count'),
      flashCount: sql<number>`count(*) filter (where ${climbs.style} = 'FLASH')`.as('flash_count'),
      onsightCount: sql<number>`count(*) filter (where ${climbs.style} = 'ONSIGHT')`.as('onsight_count'),
    })
    .from(climbs)
    .where(eq(climbs.sessionId, sessions.id))
    .as('per_session');
  return await db
    .select({
      userId: sessions.userId,
      sessionCount: sql<number>`count(*)::int`,
      climbCount: sql<number>`coalesce(sum(${perSession.climbCount}), 0)::int`,
      sendCount: sql<number>`coalesce(sum(${perSession.sendCount}), 0)::int`,
      flashCount: sql<number>`coalesce(sum(${perSession.flashCount}), 0)::int`,
      onsightCount: sql<number>`coalesce(sum(${perSession.onsightCount}), 0)::int`,
      // Milliseconds as a float: numeric would come back as a string from postgres-js.
      durationMs: sql<number>`coalesce(sum(extract(epoch from ${sessions.endTime} - ${sessions.startTime})), 0)::float8 * 1000`,
    })
    .from(sessions)
    .crossJoinLateral(perSession)
    .where(sessionsOf(userIds, period))
    .groupBy(sessions.userId);
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

/**
 * Pyramids and progressions of many users in one aggregate: a row per (user, month, grade), so a
 * climber with 10,000 climbs costs a few dozen rows, never one per climb.
 */
export async function gradeMonthsByUserIds(db: UsersDb, userIds: readonly string[], discipline: Discipline, period: Period): Promise<GradeMonthRow[]> {
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
    .where(and(sessionsOf(userIds, period), eq(climbs.discipline, discipline), isNotNull(climbs.gradeId)))
    .groupBy(sessions.userId, month, climbs.gradeId, climbs.gradeScale);
  return rows as GradeMonthRow[];
}

/** Each user's hardest graded send of the discipline (the earliest of equals), with its user id. */
export async function hardestSendsByUserIds(
  db: UsersDb,
  userIds: readonly string[],
  discipline: Discipline,
  period: Period,
): Promise<(ClimbRow & { userId: string })[]> {
  const rows = await db
    .selectDistinctOn([sessions.userId], { userId: sessions.userId, climb: climbs })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .where(and(sessionsOf(userIds, period), eq(climbs.discipline, discipline), eq(climbs.sent, true), isNotNull(climbs.gradeScale)))
    .orderBy(sessions.userId, sql`${climbs.gradeScale} desc`, sessions.startTime, climbs.createdAt, climbs.id);
  return rows.map((row) => ({ ...row.climb, userId: row.userId }));
}
