import { oneLoader } from '@clmb/common';
import type { UsersDb } from '../db';
import { findNotificationsByIds, findWatermarks } from './notification-store';

/** Notifications' loaders, new per request (see ../loaders.ts). */
export const notificationLoaders = (db: UsersDb) => ({
  /** Null for an unknown id, and for one whose actor and recipient blocked each other. */
  notificationById: oneLoader((ids) => findNotificationsByIds(db, ids), (row) => row.id),
  /** How far each recipient has read; null before they first marked any read. */
  notificationWatermarkByUserId: oneLoader((ids) => findWatermarks(db, ids), (row) => row.userId),
});
