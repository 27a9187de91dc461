import { inArray, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';

const { climbs } = schema;

/** What a session's climbs add up to; sessions without climbs have no row. */
export interface SessionSummaryRow {
  sessionId: string;
  climbCount: number;
  sendCount: number;
  /** Climbs logged with style FLASH, as the climber said: not the first-try figure of a route's `flashRate`. */
  flashCount: number;
  /** The send with the highest grade scale (the first logged of equals). */
  hardestSendId: string | null;
}

export async function summariesBySessionIds(db: UsersDb, sessionIds: readonly string[]): Promise<SessionSummaryRow[]> {
  return await db
    .select({
      sessionId: climbs.sessionId,
      climbCount: sql<number>`count(*)::int`,
      sendCount: sql<number>`(count(*) filter (where ${climbs.sent}))::int`,
      flashCount: sql<number>`(count(*) filter (where ${climbs.style} = 'FLASH'))::int`,
      hardestSendId: sql<
        string | null
      >`(array_agg(${climbs.id} order by ${climbs.gradeScale} desc nulls last, ${climbs.createdAt}, ${climbs.id}) filter (where ${climbs.sent}))[1]`,
    })
    .from(climbs)
    .where(inArray(climbs.sessionId, [...sessionIds]))
    .groupBy(climbs.sessionId);
}
