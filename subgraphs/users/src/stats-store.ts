import { eq, inArray, sql } from 'drizzle-orm';
import { schema, type UsersDb } from './db';

const { sessions, climbs } = schema;

/** A user's totals; users without sessions have no row. */
export interface StatsRow {
  userId: string;
  sessionCount: number;
  climbCount: number;
  sendCount: number;
  /** Over ended sessions. */
  durationMs: number;
}

/**
 * Totals for many users in one aggregate query. Climbs are counted per session in a lateral
 * subquery so that joining them does not multiply the sessions' durations.
 */
export async function statsByUserIds(db: UsersDb, userIds: readonly string[]): Promise<StatsRow[]> {
  const perSession = db
    .select({
      climbCount: sql<number>`count(*)`.as('climb_count'),
      sendCount: sql<number>`count(*) filter (where ${climbs.sent})`.as('send_count'),
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
      // Milliseconds as a float: numeric would come back as a string from postgres-js.
      durationMs: sql<number>`coalesce(sum(extract(epoch from ${sessions.endTime} - ${sessions.startTime})), 0)::float8 * 1000`,
    })
    .from(sessions)
    .crossJoinLateral(perSession)
    .where(inArray(sessions.userId, [...userIds]))
    .groupBy(sessions.userId);
}
