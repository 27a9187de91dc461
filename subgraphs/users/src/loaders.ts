import { type AreaLoaders, lazyAreas, type Viewer } from '@clmb/common';
import { accountLoaders } from './accounts/loaders';
import { communityLoaders } from './community/loaders';
import type { UsersDb } from './db';
import { feedLoaders } from './feed/loaders';
import { logbookLoaders } from './logbook/loaders';
import { notificationLoaders } from './notifications/loaders';
import { privacyLoaders } from './privacy/loaders';
import { projectLoaders } from './projects/loaders';
import { socialLoaders } from './social/loaders';
import { reactionLoaders } from './reactions/loaders';
import { statsLoaders } from './stats/loaders';

/**
 * One DataLoader per access path, each area's in its folder; new per request, so nothing cached
 * outlives the request or leaks between viewers (privacy's are bound to the request's viewer).
 * An area's loaders are built when the request first reads one of them (lazyAreas).
 */
const areas = [
  accountLoaders,
  logbookLoaders,
  communityLoaders,
  statsLoaders,
  projectLoaders,
  privacyLoaders,
  socialLoaders,
  feedLoaders,
  reactionLoaders,
  notificationLoaders,
] as const;

export type Loaders = AreaLoaders<typeof areas>;

export const createLoaders: (db: UsersDb, viewer: Viewer | null) => Loaders = lazyAreas(areas);
