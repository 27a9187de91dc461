import { asc, eq, inArray } from 'drizzle-orm';
import type { RouteSetterRow } from '@clmb/drizzle/gyms';
import { schema, type GymsDb } from '../db';

const { routes, routeSetters } = schema;

/** The setters of many routes in one statement, each route's in credited order. */
export async function findSettersByRouteIds(db: GymsDb, routeIds: readonly string[]): Promise<RouteSetterRow[]> {
  return await db
    .select()
    .from(routeSetters)
    .where(inArray(routeSetters.routeId, [...routeIds]))
    .orderBy(asc(routeSetters.routeId), asc(routeSetters.position));
}

/**
 * Makes `userIds` the route's setters, in that order; in the caller's transaction. The route's row
 * is locked first, until the transaction ends, so that two writes of one route's setters queue
 * instead of both inserting position 0 (route_setters_position_key); FOR NO KEY UPDATE: the new
 * rows' foreign keys to the route still go through.
 */
export async function replaceSetters(tx: GymsDb, routeId: string, userIds: readonly string[]): Promise<void> {
  await tx.select({ id: routes.id }).from(routes).where(eq(routes.id, routeId)).for('no key update');
  await tx.delete(routeSetters).where(eq(routeSetters.routeId, routeId));
  if (userIds.length) await tx.insert(routeSetters).values(userIds.map((userId, position) => ({ routeId, userId, position })));
}
