import { and, count, eq, gt, inArray, isNotNull, lte, max, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type GymsDb } from '../db';

const { routes } = schema;

/**
 * For several walls in one statement: the latest time a route of the wall came down with at
 * least `minRoutes` of the wall's routes (itself included) stripped in the `windowSeconds` before
 * it. Walls without such a batch are left out.
 */
export async function findLastResetsByWallIds(
  db: GymsDb,
  wallIds: readonly string[],
  minRoutes: number,
  windowSeconds: number,
): Promise<{ wallId: string; lastResetAt: Date }[]> {
  const other = alias(routes, 'other');
  const batch = db
    .select({ count: count() })
    .from(other)
    .where(
      and(
        eq(other.wallId, routes.wallId),
        gt(other.strippedAt, sql`${routes.strippedAt} - make_interval(secs => ${windowSeconds})`),
        lte(other.strippedAt, routes.strippedAt),
      ),
    );
  const rows = await db
    .select({ wallId: routes.wallId, lastResetAt: max(routes.strippedAt) })
    .from(routes)
    .where(and(inArray(routes.wallId, [...wallIds]), isNotNull(routes.strippedAt), sql`(${batch}) >= ${minRoutes}`))
    .groupBy(routes.wallId);
  return rows.flatMap(({ wallId, lastResetAt }) => (wallId && lastResetAt ? [{ wallId, lastResetAt }] : []));
}
