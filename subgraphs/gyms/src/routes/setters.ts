import { fields, invalidField, ref } from '@clmb/common';
import type { GymRow, RouteRow, RouteSetterRow } from '@clmb/drizzle/gyms';
import { z } from 'zod';
import type { Context } from '../context';
import { HEAD_SETTERS, requireGymRole } from '../staff/access';
import * as store from './route-setter-store';
import type { GymsDb } from '../db';

/** The most setters a route credits (route_setters_position_range holds it too). */
export const MAX_SETTERS_PER_ROUTE = 5;

/** A route's setters as an input names them: accounts of the users service, in credited order. */
export const setterIdsInput = z
  .array(fields.id)
  .max(MAX_SETTERS_PER_ROUTE, `must name at most ${MAX_SETTERS_PER_ROUTE} setters`)
  .superRefine((ids, issues) => {
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) issues.addIssue({ code: 'custom', path: [i], message: `names setter ${ids.indexOf(id)} again` });
    });
  });

/**
 * Every id must be an account of the users service, asked in one request (its `_entities`); the
 * first unknown one is BAD_USER_INPUT naming its index (`input.setterIds.2`).
 */
export async function checkSetters(ctx: Context, setterIds: readonly string[]): Promise<void> {
  if (setterIds.length === 0) return;
  const exist = await ctx.users.accountsExist(setterIds);
  const unknown = exist.indexOf(false);
  if (unknown >= 0) throw invalidField(`input.setterIds.${unknown}`, 'no account has this id');
}

/**
 * Makes `setterIds` the route's setters, in the write's transaction; the request's loader then
 * answers with them.
 */
export async function writeSetters(ctx: Context, tx: GymsDb, routeId: string, setterIds: readonly string[]): Promise<void> {
  await store.replaceSetters(tx, routeId, setterIds);
  const rows: RouteSetterRow[] = setterIds.map((userId, position) => ({ routeId, userId, position }));
  ctx.loaders.settersByRouteId.clear(routeId).prime(routeId, rows);
}

/**
 * `Route.setters`: references the users service resolves. An account deleted since keeps its row
 * here; its reference then resolves to null, an item of the list, and the route still arrives.
 */
export async function settersOf(ctx: Context, route: RouteRow) {
  const rows = await ctx.loaders.settersByRouteId.load(route.id);
  return rows.map((row) => ref('User', row.userId));
}

/**
 * `Gym.setterRoutes`, what the users service needs for `Gym.setterGrading`: the gym's routes (on
 * the wall, then the most recently stripped, at most 300) and through `Route.setters` who set
 * them. Head setters only: a refused viewer gets null and FORBIDDEN, and the users service then
 * computes nothing.
 */
export async function setterRoutesOfGym(ctx: Context, gym: GymRow): Promise<RouteRow[]> {
  await requireGymRole(ctx, gym.id, HEAD_SETTERS);
  return ctx.loaders.routesByGymId.load({ gymId: gym.id, includeStripped: true, filter: {} });
}
