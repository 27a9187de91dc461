import { sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { climbs, sessions, preferences, users, routeAscents, routeAscentCounts } = schema;

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
 * The ascent figures of many routes in ONE query, whatever their history: route_ascent_count sums
 * every climber's fold (route_ascent, kept by triggers in the transaction of each write), and the
 * settling rule, which depends on the time of the read, is applied here: the few climbers who did
 * not opt in and have climbs on a route not settled yet by `unlistedDelayDays` (found by
 * route_ascent's (route_id, last_at) index) are taken out of the sums and counted again from their
 * settled climbs only, folded as the rows are (each climber's climbs in logging order: sent?
 * first climb a one-attempt send, not a REPEAT? attempts up to the first send?).
 */
export async function ascentsByRouteIds(db: UsersDb, routeIds: readonly string[], unlistedDelayDays: number): Promise<AscentsRow[]> {
  const routes = sql.join(
    routeIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const cutoff = sql`date_trunc('day', now(), 'UTC') - make_interval(days => ${unlistedDelayDays}::int)`;
  const inOrder = sql`partition by ${climbs.routeId}, ${sessions.userId} order by ${climbs.createdAt}, ${climbs.id}`;
  return await executeRows<AscentsRow>(db, sql`
    with unsettled as (
      select a.route_id, a.user_id, a.climbs, a.sent, a.flashed, a.attempts_to_send, a.public_climbs > 0 as public_climb, u.visibility
      from ${routeAscents} a
      join ${users} u on u.id = a.user_id
      left join ${preferences} p on p.user_id = a.user_id
      where a.route_id in (${routes}) and a.last_at >= ${cutoff} and not coalesce(p.show_on_leaderboards, false)
    ), settled_climbs as (
      select ${climbs.routeId} as route_id, ${sessions.userId} as user_id, ${climbs.sent} as sent,
             ${climbs.sent} and ${climbs.attempts} = 1 and ${climbs.style} is distinct from 'REPEAT' as flash,
             row_number() over (${inOrder}) as nth, sum(${climbs.attempts}) over (${inOrder}) as so_far,
             ${users.visibility} = 'PUBLIC' and coalesce(${sessions.visibility}, 'PUBLIC') = 'PUBLIC' and coalesce(${climbs.visibility}, 'PUBLIC') = 'PUBLIC' as public
      from unsettled k
      join ${users} on ${users.id} = k.user_id
      join ${sessions} on ${sessions.userId} = k.user_id
      join ${climbs} on ${climbs.sessionId} = ${sessions.id} and ${climbs.routeId} = k.route_id
      where ${climbs.createdAt} < ${cutoff}
    ), shares as (
      select route_id, climbers, senders, flashers, attempts_to_send, private_climbers from ${routeAscentCounts} where route_id in (${routes})
      union all
      select route_id, -(climbs > 0)::int, -(climbs > 0 and sent)::int, -(climbs > 0 and flashed)::int,
             -(case when climbs > 0 then coalesce(attempts_to_send, 0) else 0 end),
             -(climbs > 0 and not (visibility = 'PUBLIC' and public_climb))::int
      from unsettled
      union all
      select route_id, 1, bool_or(sent)::int, bool_or(nth = 1 and flash)::int,
             coalesce(min(so_far) filter (where sent), 0)::int, (not bool_or(public))::int
      from settled_climbs group by route_id, user_id
    ), summed as (
      select route_id, sum(climbers) as climbers, sum(senders) as senders, sum(flashers) as flashers,
             sum(attempts_to_send) as attempts_to_send, sum(private_climbers) as private_climbers
      from shares group by route_id
    )
    select route_id as "routeId", senders::int as "sendCount", climbers::int as "climberCount",
           -- numeric quotients, as avg() takes them, then float8 (numeric would come back as a string)
           (flashers::numeric / climbers)::float8 as "flashRate",
           (case when senders > 0 then attempts_to_send::numeric / senders end)::float8 as "averageAttempts",
           private_climbers::int as "privateClimberCount"
    from summed where climbers > 0
  `);
}
