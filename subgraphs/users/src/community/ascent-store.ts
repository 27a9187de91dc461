import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { schema, type UsersDb } from '../db';
import { settled } from './gym-fields-store';

const { climbs, sessions, preferences, users } = schema;

/** How climbers fared on a route (see `RouteAscents` in the SDL); routes nobody logged have no row. */
export interface AscentsRow {
  routeId: string;
  sendCount: number;
  climberCount: number;
  /**
   * The share of climbers whose FIRST logged climb on the route was a send in 1 attempt, not a
   * REPEAT, whatever style it was logged with: a figure of the route, worked out from attempts.
   * Not the `flashCount` of stats and session summaries, which counts climbs logged as FLASH.
   */
  flashRate: number;
  /** Null when nobody sent the route. */
  averageAttempts: number | null;
  /** Of `climberCount`, the climbers none of whose counted climbs on it a reader without a token may see. */
  privateClimberCount: number;
}

/**
 * The ascent figures of many routes in ONE query: each climber's climbs on a route in logging
 * order (window functions), folded per climber (sent? flashed? attempts up to the first send?),
 * then per route. Climbs of climbers who did not opt in count once `settled` by `unlistedDelayDays`.
 */
export async function ascentsByRouteIds(db: UsersDb, routeIds: readonly string[], unlistedDelayDays: number): Promise<AscentsRow[]> {
  const inOrder = sql`partition by ${climbs.routeId}, ${sessions.userId} order by ${climbs.createdAt}, ${climbs.id}`;
  const perClimb = db
    .select({
      routeId: climbs.routeId,
      userId: sessions.userId,
      sent: climbs.sent,
      // A first try that sent, and not a repeat of an ascent from before the logbook.
      flash: sql<boolean>`${climbs.sent} and ${climbs.attempts} = 1 and ${climbs.style} is distinct from 'REPEAT'`.as('flash'),
      nth: sql<number>`row_number() over (${inOrder})`.as('nth'),
      attemptsSoFar: sql<number>`sum(${climbs.attempts}) over (${inOrder})`.as('attempts_so_far'),
      // Effectively PUBLIC: the account, and its session's and its own narrowing if any (privacy/rule.ts).
      public: sql<boolean>`${users.visibility} = 'PUBLIC' and coalesce(${sessions.visibility}, 'PUBLIC') = 'PUBLIC' and coalesce(${climbs.visibility}, 'PUBLIC') = 'PUBLIC'`.as(
        'public',
      ),
    })
    .from(climbs)
    .innerJoin(sessions, eq(sessions.id, climbs.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(preferences, eq(preferences.userId, sessions.userId))
    .where(and(inArray(climbs.routeId, [...routeIds]), or(eq(preferences.showOnLeaderboards, true), settled(climbs.createdAt, unlistedDelayDays))))
    .as('per_climb');
  const perClimber = db
    .select({
      routeId: perClimb.routeId,
      sent: sql<boolean>`bool_or(${perClimb.sent})`.as('sent_it'),
      flashed: sql<boolean>`bool_or(${perClimb.nth} = 1 and ${perClimb.flash})`.as('flashed'),
      // The running total is increasing, so its least value over the sends is the one at the first.
      attemptsToSend: sql<number | null>`min(${perClimb.attemptsSoFar}) filter (where ${perClimb.sent})`.as('attempts_to_send'),
      public: sql<boolean>`bool_or(${perClimb.public})`.as('public_climber'),
    })
    .from(perClimb)
    .groupBy(perClimb.routeId, perClimb.userId)
    .as('per_climber');
  return await db
    .select({
      routeId: perClimber.routeId,
      sendCount: sql<number>`(count(*) filter (where ${perClimber.sent}))::int`,
      climberCount: sql<number>`count(*)::int`,
      flashRate: sql<number>`avg(case when ${perClimber.flashed} then 1 else 0 end)::float8`,
      averageAttempts: sql<number | null>`avg(${perClimber.attemptsToSend})::float8`,
      privateClimberCount: sql<number>`(count(*) filter (where not ${perClimber.public}))::int`,
    })
    .from(perClimber)
    .groupBy(perClimber.routeId);
}
