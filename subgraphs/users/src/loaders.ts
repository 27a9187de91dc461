import { accountLoaders } from './accounts/loaders';
import { communityLoaders } from './community/loaders';
import type { UsersDb } from './db';
import { logbookLoaders } from './logbook/loaders';
import { projectLoaders } from './projects/loaders';
import { statsLoaders } from './stats/loaders';

/**
 * One DataLoader per access path, each area's in its folder; new per request, so nothing cached
 * outlives the request or leaks between viewers.
 */
export const createLoaders = (db: UsersDb) => ({ ...accountLoaders(db), ...logbookLoaders(db), ...communityLoaders(db), ...statsLoaders(db), ...projectLoaders(db) });

export type Loaders = ReturnType<typeof createLoaders>;
