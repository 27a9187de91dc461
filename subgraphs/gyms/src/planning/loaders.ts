import { groupedLoader, manyLoader } from '@clmb/common';
import type { GymsDb } from '../db';
import { findTargetsByWallIds } from './grade-target-store';
import { findLastResetsByWallIds } from './wall-reset-store';

/** What counts as a reset (see `Wall.lastResetAt`): the module's rule, passed to the statement. */
interface LastResetOf {
  wallId: string;
  minRoutes: number;
  windowSeconds: number;
}

/** Walls' grade targets and resets, new per request (see ../loaders.ts). */
export function planningLoaders(db: GymsDb) {
  return {
    /** A wall's targets, in the order they were set. */
    gradeTargetsByWallId: manyLoader((ids) => findTargetsByWallIds(db, ids), (row) => row.wallId),
    lastResetByWallId: groupedLoader<LastResetOf, Date | null>({
      cacheKey: (key) => `${key.wallId}:${key.minRoutes}:${key.windowSeconds}`,
      group: (key) => `${key.minRoutes}:${key.windowSeconds}`,
      load: async (keys) => {
        const { minRoutes, windowSeconds } = keys[0]!;
        const found = await findLastResetsByWallIds(db, keys.map((key) => key.wallId), minRoutes, windowSeconds);
        const byWall = new Map(found.map((row) => [row.wallId, row.lastResetAt]));
        return keys.map((key) => byWall.get(key.wallId) ?? null);
      },
    }),
  };
}
