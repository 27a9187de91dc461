import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { RouteRow } from '@clmb/drizzle/gyms';
import { mapPgErrors } from '@clmb/common';
import { schema, type GymsDb } from './db';

const { routes } = schema;

export type NewRoute = typeof routes.$inferInsert;
export type RoutePatch = Partial<Pick<NewRoute, 'gradeId' | 'colour' | 'name'>>;

const constraintFields = {
  route_gym_id_gym_id_fk: 'input.gymId',
  route_grade_id_grade_id_fk: 'input.gradeId',
};

export async function findRoutesByIds(db: GymsDb, ids: readonly string[]): Promise<RouteRow[]> {
  return await db.select().from(routes).where(inArray(routes.id, [...ids]));
}

/**
 * The routes of several gyms in one statement, newest first: stripped ones only for the gyms in
 * `withStripped`, so one batch serves both `routes` and `routes(includeStripped: true)`.
 */
export async function findRoutesByGymIds(
  db: GymsDb,
  gymIds: readonly string[],
  withStripped: readonly string[],
): Promise<RouteRow[]> {
  return await db
    .select()
    .from(routes)
    .where(
      and(
        inArray(routes.gymId, [...gymIds]),
        withStripped.length ? or(isNull(routes.strippedAt), inArray(routes.gymId, [...withStripped])) : isNull(routes.strippedAt),
      ),
    )
    .orderBy(asc(routes.gymId), desc(routes.setAt), desc(routes.id));
}

export async function insertRoute(db: GymsDb, values: NewRoute): Promise<RouteRow> {
  const [row] = await mapPgErrors(() => db.insert(routes).values(values).returning(), constraintFields);
  if (!row) throw new Error('insert into route returned no row');
  return row;
}

/** null when no route has this id. */
export async function updateRoute(db: GymsDb, id: string, patch: RoutePatch): Promise<RouteRow | null> {
  const [row] = await mapPgErrors(() => db.update(routes).set(patch).where(eq(routes.id, id)).returning(), constraintFields);
  return row ?? null;
}

/**
 * Without a time, keeps an earlier stripping time (stripping twice changes nothing) or uses now.
 * null when no route has this id.
 */
export async function stripRoute(db: GymsDb, id: string, strippedAt: Date | null): Promise<RouteRow | null> {
  const [row] = await db
    .update(routes)
    .set({ strippedAt: strippedAt ?? sql`coalesce(${routes.strippedAt}, now())` })
    .where(eq(routes.id, id))
    .returning();
  return row ?? null;
}
