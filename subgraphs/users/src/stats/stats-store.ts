import type { ClimbRow, Discipline } from '@clmb/drizzle/users';
import { and, eq, gte, inArray, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';
import { type Allowed, seen } from '../privacy/narrowing-store';

const { sessions, climbs } = schema;

/** A time range of session starts: `from` inclusive, `to` exclusive, null open. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

export type { Allowed };

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
  /** Sessions, and climbs, in the period left out because the viewer may not see them. */
  privateSessionCount: number;
  privateClimbCount: number;
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
 * subquery so that joining them does not multiply the sessions' durations. Only the sessions and
 * climbs `allowed` lets the viewer see count; the others are counted apart, as private.
 */
export async function statsByUserIds(db: UsersDb, userIds: readonly string[], period: Period, allowed: Allowed): Promise<StatsRow[]> {
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
      durationMs: sql<number>`coalesce(sum(extract(epoch from ${sessions.endTime} - ${sessions.startTime})) filter (where ${sessionSeen}), 0)::float8 * 1000`,
      privateSessionCount: sql<number>`(count(*) filter (where not ${sessionSeen}))::int`,
      privateClimbCount: sql<number>`(coalesce(sum(${perSession.allClimbCount}), 0) - ${total(perSession.climbCount)})::int`,
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
export async function gradeMonthsByUserIds(db: UsersDb, userIds: readonly string[], discipline: Discipline, period: Period, allowed: Allowed): Promise<GradeMonthRow[]> {
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
export async function hardestSendsByUserIds(
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
