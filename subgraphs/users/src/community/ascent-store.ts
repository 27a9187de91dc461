import { sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../db';

const { preferences, users, routeAscents, routeAscentCounts } = schema;

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
 * settled climbs only. Those are a prefix of the logging order (created_at first), so their fold
 * follows from the row without reading a climb: the climber counts iff the first climb is settled,
 * flashed iff the row is too, sent iff the first send is settled (and then with the row's attempts
 * up to it, all settled), public iff the first unnarrowed climb is settled and the account is public.
 */
export async function ascentsByRouteIds(db: UsersDb, routeIds: readonly string[], unlistedDelayDays: number): Promise<AscentsRow[]> {
  const routes = sql.join(
    routeIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const cutoff = sql`date_trunc('day', now(), 'UTC') - make_interval(days => ${unlistedDelayDays}::int)`;
  return await executeRows<AscentsRow>(db, sql`
    with unsettled as (
      -- a row with a last climb has climbs, and a first one
      select a.route_id, a.sent, a.flashed, coalesce(a.attempts_to_send, 0) as attempts_to_send,
             u.visibility = 'PUBLIC' and a.public_climbs > 0 as public, a.first_at < ${cutoff} as settled,
             coalesce(a.first_send_at < ${cutoff}, false) as settled_send,
             u.visibility = 'PUBLIC' and coalesce(a.first_public_at < ${cutoff}, false) as settled_public
      from ${routeAscents} a
      join ${users} u on u.id = a.user_id
      left join ${preferences} p on p.user_id = a.user_id
      where a.route_id in (${routes}) and a.last_at >= ${cutoff} and not coalesce(p.show_on_leaderboards, false)
    ), shares as (
      select route_id, climbers, senders, flashers, attempts_to_send, private_climbers from ${routeAscentCounts} where route_id in (${routes})
      union all
      -- each unsettled climber's share of the sums (as route_ascent_share counts it) out, its settled climbs' in
      select route_id, settled::int - 1, settled_send::int - sent::int, (settled and flashed)::int - flashed::int,
             case when settled_send then attempts_to_send else 0 end - attempts_to_send,
             (settled and not settled_public)::int - (not public)::int
      from unsettled
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
