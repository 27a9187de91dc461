import { and, type Column, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { sessions, climbs, preferences, users } = schema;

/**
 * Whether a row of a climber who did not opt in (`Preferences.showOnLeaderboards`) may be counted
 * in public figures: it was written before the start (UTC) of the day `delayDays` days before today.
 */
export const settled = (createdAt: Column, delayDays: number): SQL =>
  sql`${createdAt} < date_trunc('day', now(), 'UTC') - make_interval(days => ${delayDays}::int)`;

/** The windows, in days up to now, over which a gym's activity counts sessions and climbers. */
export interface ActivityWindows {
  sessionDays: number;
  climberDays: number;
  /** Sessions of climbers who did not opt in count once `settled` by this many days. */
  unlistedDelayDays: number;
}

/** A gym's activity; gyms without a session in either window have no row. */
export interface GymActivityRow {
  gymId: string;
  /** Sessions started in the last `sessionDays`. */
  sessions: number;
  /** Distinct climbers with a session in the last `climberDays`. */
  climbers: number;
  /** Of `sessions`, those a reader without a token may not see (account or session not PUBLIC). */
  privateSessions: number;
  /** Of `climbers`, those none of whose counted sessions a reader without a token may see. */
  privateClimbers: number;
}

export async function activityByGymIds(db: UsersDb, gymIds: readonly string[], windows: ActivityWindows): Promise<GymActivityRow[]> {
  const since = (days: number) => sql`${sessions.startTime} >= now() - make_interval(days => ${days}::int)`;
  // Effectively PUBLIC: the account, and the session's narrowing if any (privacy/rule.ts).
  const isPublic = sql`${users.visibility} = 'PUBLIC' and coalesce(${sessions.visibility}, 'PUBLIC') = 'PUBLIC'`;
  const climbers = (where: SQL) => sql<number>`(count(distinct ${sessions.userId}) filter (where ${where}))::int`;
  return await db
    .select({
      gymId: sessions.gymId,
      sessions: sql<number>`(count(*) filter (where ${since(windows.sessionDays)}))::int`,
      climbers: climbers(since(windows.climberDays)),
      privateSessions: sql<number>`(count(*) filter (where ${since(windows.sessionDays)} and not (${isPublic})))::int`,
      privateClimbers: sql<number>`(${climbers(since(windows.climberDays))} - ${climbers(sql`${since(windows.climberDays)} and ${isPublic}`)})::int`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(preferences, eq(preferences.userId, sessions.userId))
    .where(
      and(
        inArray(sessions.gymId, [...gymIds]),
        since(Math.max(windows.sessionDays, windows.climberDays)),
        sql`${sessions.startTime} <= now()`,
        or(eq(preferences.showOnLeaderboards, true), settled(sessions.createdAt, windows.unlistedDelayDays)),
      ),
    )
    .groupBy(sessions.gymId);
}

/** One climber's place on one gym's leaderboard. */
export interface LeaderboardRow {
  gymId: string;
  userId: string;
  rank: number;
  points: number;
  sends: number;
}

/** Which leaderboards, and how they score. */
export interface LeaderboardQuery {
  /** Sends in sessions that started in the last `days`; null: all time. */
  days: number | null;
  /** The top `first` climbers of each gym. */
  first: number;
  /** How many of a climber's best routes count. */
  scoringRoutes: number;
  /** Added to a route's points when a send of it was logged FLASH or ONSIGHT. */
  firstTryBonus: number;
}

/**
 * The leaderboards of opted-in climbers of many gyms in one query. Points per distinct route: its
 * grade scale (the highest the climber's sends of it froze) plus `firstTryBonus` if one of them
 * was logged FLASH or ONSIGHT; a climber's best `scoringRoutes` count. Only sends whose session and
 * climb do not narrow the account's visibility score: an entry is shown to whoever may see its
 * climber, so it must hold nothing such a reader may not see (the enum is ordered PUBLIC <
 * FOLLOWERS < PRIVATE, narrowest last).
 */
export async function leaderboardsByGymIds(db: UsersDb, gymIds: readonly string[], query: LeaderboardQuery): Promise<LeaderboardRow[]> {
  const { days, first, scoringRoutes, firstTryBonus } = query;
  const points = sql`max(${climbs.gradeScale}) + case when bool_or(${climbs.style} in ('FLASH', 'ONSIGHT')) then ${firstTryBonus} else 0 end`;
  return await executeRows<LeaderboardRow>(db, sql`
    with per_route as (
      select ${climbs.gymId} as gym_id, ${sessions.userId} as user_id, ${points} as points, count(*) as sends,
             row_number() over (partition by ${climbs.gymId}, ${sessions.userId} order by ${points} desc) as best
      from ${climbs}
      join ${sessions} on ${sessions.id} = ${climbs.sessionId}
      join ${preferences} on ${preferences.userId} = ${sessions.userId} and ${preferences.showOnLeaderboards}
      join ${users} on ${users.id} = ${sessions.userId}
      where ${inArray(climbs.gymId, [...gymIds])} and ${climbs.sent} and ${climbs.gradeScale} is not null
        and coalesce(${sessions.visibility}, 'PUBLIC') <= ${users.visibility} and coalesce(${climbs.visibility}, 'PUBLIC') <= ${users.visibility}
        ${days === null ? sql`` : sql`and ${sessions.startTime} >= now() - make_interval(days => ${days}::int)`}
      group by ${climbs.gymId}, ${sessions.userId}, ${climbs.routeId}
    ), per_user as (
      select gym_id, user_id, (sum(points) filter (where best <= ${scoringRoutes}))::int as points, sum(sends)::int as sends
      from per_route group by gym_id, user_id
    ), ranked as (
      select gym_id, user_id, points, sends,
             rank() over (partition by gym_id order by points desc)::int as rank,
             row_number() over (partition by gym_id order by points desc, sends desc, user_id) as position
      from per_user
    )
    select gym_id as "gymId", user_id as "userId", rank, points, sends from ranked where position <= ${first} order by gym_id, position
  `);
}
