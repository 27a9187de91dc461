import { oneLoader } from '@clmb/common';
import type { UsersDb } from '../db';
import { findFeedItemsByIds } from './feed-store';

/** The feed's loaders, new per request (see ../loaders.ts). */
export const feedLoaders = (db: UsersDb) => ({
  feedItemById: oneLoader((ids) => findFeedItemsByIds(db, ids), (row) => row.id),
});
