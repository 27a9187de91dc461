import { and, type Column, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { sessions, climbs, preferences, users, leaderboardScores } = schema;

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

/**
 * How boards score: a climber's best `scoringRoutes` routes count, as 8a.nu's ranking counts a
 * climber's top ten; `firstTryBonus` is added to a route's points when a send of it was logged
 * FLASH or ONSIGHT (the style, as stats count flashes): one row of the conversion charts. The
 * ALL_TIME scores are kept with these numbers written into the triggers of the users migration
 * leaderboard_triggers; WEEK and MONTH, computed here, use the same.
 */
export const STORED_SCORING = { scoringRoutes: 10, firstTryBonus: 10 } as const;

/** Which leaderboards. */
export interface LeaderboardQuery {
  /** Sends in sessions that started in the last `days`; null: all time. */
  days: number | null;
  /** The top `first` climbers of each gym. */
  first: number;
}

/**
 * The leaderboards of opted-in climbers of many gyms in one query. Points per distinct route: its
 * grade scale (the highest the climber's sends of it froze) plus `firstTryBonus` if one of them
 * was logged FLASH or ONSIGHT; a climber's best `scoringRoutes` count (STORED_SCORING). Only sends
 * whose session and climb do not narrow the account's visibility score: an entry is shown to
 * whoever may see its climber, so it must hold nothing such a reader may not see (the enum is
 * ordered PUBLIC < FOLLOWERS < PRIVATE, narrowest last).
 */
export async function leaderboardsByGymIds(db: UsersDb, gymIds: readonly string[], query: LeaderboardQuery): Promise<LeaderboardRow[]> {
  return query.days === null ? await allTimeBoards(db, gymIds, query.first) : await windowBoards(db, gymIds, query.days, query.first);
}

/**
 * ALL_TIME: each gym's top `first` opted-in scores, read down leaderboard_score's board index
 * (gym, points desc, sends desc, user), whatever the gym's history. Ranks over the top are the
 * gym-wide ranks: every climber with more points is above them.
 */
async function allTimeBoards(db: UsersDb, gymIds: readonly string[], first: number): Promise<LeaderboardRow[]> {
  const gyms = sql.join(
    gymIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  return await executeRows<LeaderboardRow>(db, sql`
    select g.id as "gymId", top.user_id as "userId", (rank() over (partition by g.id order by top.points desc))::int as rank, top.points, top.sends
    from (values ${gyms}) as g(id)
    cross join lateral (
      select ${leaderboardScores.userId} as user_id, ${leaderboardScores.points} as points, ${leaderboardScores.sends} as sends
      from ${leaderboardScores}
      join ${preferences} on ${preferences.userId} = ${leaderboardScores.userId} and ${preferences.showOnLeaderboards}
      where ${leaderboardScores.gymId} = g.id and ${leaderboardScores.sends} > 0
      order by ${leaderboardScores.points} desc nulls last, ${leaderboardScores.sends} desc nulls last, ${leaderboardScores.userId}
      limit ${first}
    ) as top
    order by g.id, top.points desc, top.sends desc, top.user_id
  `);
}

/**
 * WEEK and MONTH: the sends of sessions that started in the last `days`, found by the sessions'
 * (gym_id, start_time) index and then their climbs (a climb's gym is its session's), so the query
 * reads the window only.
 */
async function windowBoards(db: UsersDb, gymIds: readonly string[], days: number, first: number): Promise<LeaderboardRow[]> {
  const { scoringRoutes, firstTryBonus } = STORED_SCORING;
  const points = sql`max(${climbs.gradeScale}) + case when bool_or(${climbs.style} in ('FLASH', 'ONSIGHT')) then ${firstTryBonus} else 0 end`;
  return await executeRows<LeaderboardRow>(db, sql`
    with per_route as (
      select ${climbs.gymId} as gym_id, ${sessions.userId} as user_id, ${points} as points, count(*) as sends,
             row_number() over (partition by ${climbs.gymId}, ${sessions.userId} order by ${points} desc) as best
      from ${sessions}
      join ${climbs} on ${climbs.sessionId} = ${sessions.id}
      join ${preferences} on ${preferences.userId} = ${sessions.userId} and ${preferences.showOnLeaderboards}
      join ${users} on ${users.id} = ${sessions.userId}
      where ${inArray(sessions.gymId, [...gymIds])} and ${sessions.startTime} >= now() - make_interval(days => ${days}::int)
        and ${inArray(climbs.gymId, [...gymIds])} and ${climbs.sent} and ${climbs.gradeScale} is not null
        and coalesce(${sessions.visibility}, 'PUBLIC') <= ${users.visibility} and coalesce(${climbs.visibility}, 'PUBLIC') <= ${users.visibility}
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
