import { manyLoader, oneLoader } from '@clmb/common';
import type { UsersDb } from '../db';
import { findActiveDevicesByUserIds } from './device-store';
import { findPreferencesByUserIds } from './preference-store';
import { findUsersByIds } from './user-store';

/** Accounts' loaders, new per request (see ../loaders.ts). */
export const accountLoaders = (db: UsersDb) => ({
  userById: oneLoader((ids) => findUsersByIds(db, ids), (row) => row.id),
  /** Active devices only. */
  devicesByUserId: manyLoader((ids) => findActiveDevicesByUserIds(db, ids), (row) => row.userId),
  /** null for a user who never changed a preference. */
  preferencesByUserId: oneLoader((ids) => findPreferencesByUserIds(db, ids), (row) => row.userId),
});
