import {
  type Connection,
  DAY_MS,
  FUTURE_TOLERANCE_MS,
  fields,
  invalidField,
  pageSize,
  keysetKey,
  parseKeysetAfter,
  parseInput,
  present,
  primeAfterWrite,
  requireViewer,
  toConnection,
  type PageArgs,
} from '@clmb/common';
import type { GymRow, RouteRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { requireRouteGymOpen } from '../gyms/gyms';
import { ANY_STAFF, requireGymRole } from '../staff/access';
import * as store from './route-store';

/** The farthest `routesComingDown` looks ahead, in days: as far as a gym's `outSoonDays` goes. */
const WITHIN_MAX_DAYS = 60;
/** The most routes `planStrip` plans at once: a wall holds at most MAX_ROUTES_PER_WALL. */
const PLAN_MAX_ROUTES = store.MAX_ROUTES_PER_WALL;

/** When a gym plans to strip a route: a time to come, give or take clock skew. */
export const plannedStripTime = fields.dateTime.refine((date) => date.getTime() >= Date.now() - FUTURE_TOLERANCE_MS, 'must not be in the past');

const planInput = z.object({
  routeIds: z
    .array(fields.id)
    .min(1, 'must name at least one route')
    .max(PLAN_MAX_ROUTES, `must name at most ${PLAN_MAX_ROUTES} routes`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not name a route twice'),
  // Required, though GraphQL lets it be left out: a plan left out must not clear a whole wall's.
  plannedStripAt: z
    .any()
    .refine((value) => value !== undefined, 'must be given: a time, or null to clear the plan')
    .pipe(plannedStripTime.nullable()),
});

const within = z.number().int('must be a whole number').min(0, `must be between 0 and ${WITHIN_MAX_DAYS}`).max(WITHIN_MAX_DAYS, `must be between 0 and ${WITHIN_MAX_DAYS}`);


/**
 * After a write that planned routes to come down commits: the users service tells the climbers
 * projecting them (`_routesComingDown`, which tells each once per route and planned time), in
 * the background. A failure is logged (by the users client) and never fails the gyms write.
 */
export function announceComingDown(ctx: Context, routes: readonly RouteRow[]): void {
  const planned = routes.flatMap((route) =>
    route.plannedStripAt && !route.strippedAt ? [{ id: route.id, gymId: route.gymId, plannedStripAt: route.plannedStripAt.toISOString() }] : [],
  );
  if (planned.length > 0) ctx.users.routesComingDown(planned).catch(() => {});
}

/** Lists a planned strip time puts a route in, or takes it out of, are read again after a write. */
export const planLists = (ctx: Context) => [ctx.loaders.routesByGymId, ctx.loaders.routesByWallId, ctx.loaders.routesComingDownByGymId];

/**
 * `Route.outSoon`: on the wall and planned to be stripped within the gym's `outSoonDays` from now,
 * or at a time already past (it is still up: all the more out soon).
 */
export async function outSoon(ctx: Context, route: RouteRow): Promise<boolean> {
  if (route.strippedAt || !route.plannedStripAt) return false;
  const gym = present(await ctx.loaders.gymById.load(route.gymId), `gym ${route.gymId}`);
  return route.plannedStripAt.getTime() <= Date.now() + gym.outSoonDays * DAY_MS;
}

/** `Gym.routesComingDown`, staff of the gym only: a page of its routes on the wall planned to come down within `within` days. */
export async function routesComingDown(
  ctx: Context,
  gym: GymRow,
  args: PageArgs & { within?: number | null },
): Promise<Connection<RouteRow>> {
  await requireGymRole(ctx, gym.id, ANY_STAFF);
  const withinDays = parseInput(within, args.within ?? 7, 'within');
  const size = pageSize(args.first);
  // The cursor is the keyset (plannedStripAt, id) of the last route of the previous page.
  const after = parseKeysetAfter(args.after);
  const rows = await ctx.loaders.routesComingDownByGymId.load({ gymId: gym.id, withinDays, limit: size + 1, after });
  // Every route listed has a planned strip time: the window is on it.
  return toConnection(rows, size, (row) => keysetKey(present(row.plannedStripAt, `planned strip time of route ${row.id}`), row.id), after !== null);
}

/**
 * `planStrip`: one gym's routes on the wall get one planned strip time (or none), in one
 * statement, all or nothing. Staff of that gym.
 */
export async function planStrip(ctx: Context, args: unknown): Promise<RouteRow[]> {
  const { routeIds, plannedStripAt } = parseInput(planInput, args);
  requireViewer(ctx.viewer);
  const routes = await Promise.all(routeIds.map((id) => ctx.loaders.routeById.load(id)));
  const known = routes.filter((route): route is RouteRow => route !== null);
  if (known.length < routeIds.length) throw invalidField('input.routeIds', `no route has the id ${routeIds[routes.indexOf(null)]}`);
  const gymIds = new Set(known.map((route) => route.gymId));
  if (gymIds.size > 1) throw invalidField('input.routeIds', 'the routes are at several gyms: plan one gym at a time');
  await requireGymRole(ctx, known[0]!.gymId, ANY_STAFF);
  const stripped = known.find((route) => route.strippedAt);
  if (stripped) throw invalidField('input.routeIds', `route ${stripped.id} is stripped already`);
  await requireRouteGymOpen(ctx, known[0]!, 'input.routeIds');
  const rows = await ctx.db.transaction(async (tx) => {
    const planned = await store.planStrip(tx, routeIds, plannedStripAt);
    // A route stripped since it was read: nothing is planned.
    if (planned.length < routeIds.length) throw invalidField('input.routeIds', 'a route was stripped meanwhile');
    return planned;
  });
  announceComingDown(ctx, rows);
  // `plannedStripAt` and `outSoon` of each; the gym's coming-down list is private, never cached.
  ctx.cacheTags.changed('Route', ...routeIds);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return routeIds.map((id) => primeAfterWrite(ctx.loaders.routeById, present(byId.get(id), `route ${id}`), planLists(ctx)));
}
