import { many, one, referenceId } from '@clmb/common';
import DataLoader from 'dataloader';
import type { GradeRow, GradeSystemRow, GymRow, RouteRow, WallRow } from '@clmb/drizzle/gyms';
import type { GymsDb } from './db';
import { findGradesByIds, findGradesBySystemIds, findGradeSystemsByIds } from './grades/grade-system-store';
import { findGymsByIds, findGymsBySlugs } from './gyms/gym-store';
import { findRoutesByGymIds, findRoutesByIds, findRoutesByWallIds, type RouteFilter, type RouteWithGrade } from './routes/route-store';
import { findWallsByGymIds, findWallsByIds } from './routes/wall-store';

export interface RoutesOfGym {
  gymId: string;
  includeStripped: boolean;
  filter: RouteFilter;
}

export interface RoutesOnWall {
  wallId: string;
  includeStripped: boolean;
}

/**
 * The row an entity representation names, through its loader; null without a query when the id
 * is not a UUID, so one malformed reference does not fail the whole `_entities` batch.
 */
export function loadReference<T>(loader: DataLoader<string, T | null>, reference: { id?: unknown }): Promise<T | null> | null {
  const id = referenceId(reference.id);
  return id ? loader.load(id) : null;
}

/**
 * Route lists of several owners (gyms or walls) in one statement: an owner asked for both ways
 * gets its stripped routes fetched too, and the key without `includeStripped` must not see them.
 */
async function routeLists(
  ownerIds: readonly string[],
  includeStripped: readonly boolean[],
  fetch: (ownerIds: string[], withStripped: string[]) => Promise<RouteRow[]>,
  ownerOf: (row: RouteRow) => string | null,
): Promise<RouteRow[][]> {
  const owners = [...new Set(ownerIds)];
  const withStripped = [...new Set(ownerIds.filter((_, i) => includeStripped[i]))];
  const grouped = many<string | null, RouteRow>(owners, await fetch(owners, withStripped), ownerOf);
  const byOwner = new Map(owners.map((owner, i) => [owner, grouped[i] ?? []]));
  return ownerIds.map((owner, i) => (byOwner.get(owner) ?? []).filter((row) => includeStripped[i] || row.strippedAt === null));
}

/** One loader per access path, new for every request so no cached row outlives it. */
export function createLoaders(db: GymsDb) {
  const gymById: DataLoader<string, GymRow | null> = new DataLoader(async (ids) => {
    const rows = await findGymsByIds(db, ids);
    for (const row of rows) gymBySlug.prime(row.slug, row);
    return one(ids, rows, (row) => row.id);
  });
  const gymBySlug: DataLoader<string, GymRow | null> = new DataLoader(async (slugs) => {
    const rows = await findGymsBySlugs(db, slugs);
    for (const row of rows) gymById.prime(row.id, row);
    return one(slugs, rows, (row) => row.slug);
  });
  const gradeById = new DataLoader<string, GradeRow | null>(async (ids) => one(ids, await findGradesByIds(db, ids), (row) => row.id));
  /** Routes come with their grade (one join): a route's `grade` is then answered without a statement. */
  const routesOf = (rows: RouteWithGrade[]): RouteRow[] =>
    rows.map(({ route, grade }) => {
      gradeById.prime(grade.id, grade);
      return route;
    });
  return {
    gymById,
    gymBySlug,
    gradeSystemById: new DataLoader<string, GradeSystemRow | null>(async (ids) =>
      one(ids, await findGradeSystemsByIds(db, ids), (row) => row.id),
    ),
    gradesBySystemId: new DataLoader<string, GradeRow[]>(async (ids) =>
      many(ids, await findGradesBySystemIds(db, ids), (row) => row.gradeSystemId),
    ),
    gradeById,
    wallById: new DataLoader<string, WallRow | null>(async (ids) => one(ids, await findWallsByIds(db, ids), (row) => row.id)),
    wallsByGymId: new DataLoader<string, WallRow[]>(async (ids) =>
      many(ids, await findWallsByGymIds(db, ids), (row) => row.gymId),
    ),
    routeById: new DataLoader<string, RouteRow | null>(async (ids) =>
      one(ids, routesOf(await findRoutesByIds(db, ids)), (row) => row.id),
    ),
    // One statement per distinct filter, whatever the number of gyms.
    routesByGymId: new DataLoader<RoutesOfGym, RouteRow[], string>(
      async (keys) => {
        const byFilter = new Map<string, number[]>();
        keys.forEach((key, i) => {
          const filter = JSON.stringify(key.filter);
          byFilter.set(filter, [...(byFilter.get(filter) ?? []), i]);
        });
        const results: RouteRow[][] = [];
        await Promise.all(
          [...byFilter.values()].map(async (indexes) => {
            const group = indexes.map((i) => keys[i]!);
            const lists = await routeLists(
              group.map((key) => key.gymId),
              group.map((key) => key.includeStripped),
              async (gymIds, withStripped) => routesOf(await findRoutesByGymIds(db, gymIds, withStripped, group[0]!.filter)),
              (row) => row.gymId,
            );
            indexes.forEach((i, k) => {
              results[i] = lists[k]!;
            });
          }),
        );
        return results;
      },
      { cacheKeyFn: (key) => `${key.gymId}:${key.includeStripped}:${JSON.stringify(key.filter)}` },
    ),
    routesByWallId: new DataLoader<RoutesOnWall, RouteRow[], string>(
      async (keys) =>
        routeLists(
          keys.map((key) => key.wallId),
          keys.map((key) => key.includeStripped),
          async (wallIds, withStripped) => routesOf(await findRoutesByWallIds(db, wallIds, withStripped)),
          (row) => row.wallId,
        ),
      { cacheKeyFn: (key) => `${key.wallId}:${key.includeStripped}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
