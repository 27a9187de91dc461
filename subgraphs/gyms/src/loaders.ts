import type { GymsDb } from './db';
import { feedbackLoaders } from './feedback/loaders';
import { gradeLoaders } from './grades/loaders';
import { gymLoaders } from './gyms/loaders';
import { planningLoaders } from './planning/loaders';
import { routeLoaders } from './routes/loaders';
import { staffLoaders } from './staff/loaders';

/**
 * One DataLoader per access path, each area's in its folder; new per request, so no cached row
 * outlives it.
 */
export function createLoaders(db: GymsDb) {
  const grades = gradeLoaders(db);
  return { ...grades, ...gymLoaders(db), ...routeLoaders(db, grades.gradeById), ...feedbackLoaders(db), ...planningLoaders(db), ...staffLoaders(db) };
}

export type Loaders = ReturnType<typeof createLoaders>;
