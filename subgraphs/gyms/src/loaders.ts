import DataLoader from 'dataloader';
import type { GradeRow, GradeSystemRow, GymRow, RouteRow } from '@clmb/drizzle/gyms';
import type { GymsDb } from './db';
import {
  findGradesByIds,
  findGradesBySystemIds,
  findGradeSystemsByIds,
} from './grade-system-store';
import { findGymsByIds, findGymsBySlugs } from './gym-store';
import { findRoutesByGymIds, findRoutesByIds } from './route-store';

/** Results in key order, null for a key no row has: the contract of a DataLoader batch. */
function one<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Rows grouped per key in key order (the query's order kept inside a group), [] for none. */
function many<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}

export interface RoutesOfGym {
  gymId: string;
  includeStripped: boolean;
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

