import { many, one, referenceId } from '@clmb/common';
import DataLoader from 'dataloader';
import type { GradeRow, GradeSystemRow, GymRow, RouteRow } from '@clmb/drizzle/gyms';
import type { GymsDb } from './db';
import { findGradesByIds, findGradesBySystemIds, findGradeSystemsByIds } from './grade-system-store';
import { findGymsByIds, findGymsBySlugs } from './gym-store';
import { findRoutesByGymIds, findRoutesByIds } from './route-store';

export interface RoutesOfGym {
  gymId: string;
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
  return {
    gymById,
    gymBySlug,
    gradeSystemById: new DataLoader<string, GradeSystemRow | null>(async (ids) =>
      one(ids, await findGradeSystemsByIds(db, ids), (row) => row.id),
    ),
    gradesBySystemId: new DataLoader<string, GradeRow[]>(async (ids) =>
      many(ids, await findGradesBySystemIds(db, ids), (row) => row.gradeSystemId),
    ),
    gradeById: new DataLoader<string, GradeRow | null>(async (ids) =>
      one(ids, await findGradesByIds(db, ids), (row) => row.id),
    ),
    routeById: new DataLoader<string, RouteRow | null>(async (ids) =>
      one(ids, await findRoutesByIds(db, ids), (row) => row.id),
    ),
    routesByGymId: new DataLoader<RoutesOfGym, RouteRow[], string>(
      async (keys) => {
        const gymIds = [...new Set(keys.map((key) => key.gymId))];
        const withStripped = keys.filter((key) => key.includeStripped).map((key) => key.gymId);
        const grouped = many(gymIds, await findRoutesByGymIds(db, gymIds, withStripped), (row) => row.gymId);
        const byGym = new Map(gymIds.map((gymId, i) => [gymId, grouped[i] ?? []]));
        // A gym asked for both ways got its stripped routes too; the other key must not see them.
        return keys.map((key) =>
          (byGym.get(key.gymId) ?? []).filter((row) => key.includeStripped || row.strippedAt === null),
        );
      },
      { cacheKeyFn: (key) => `${key.gymId}:${key.includeStripped}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

