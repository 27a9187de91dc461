import { atMostEvery } from '@clmb/common';
import type { UsersDb } from '../db';
import { pruneNotifications } from './notification-store';

/** Notifications are kept this many days … */
export const NOTIFICATION_MAX_AGE_DAYS = 90;
/** … and at most this many per recipient, the newest. */
export const NOTIFICATIONS_KEPT_PER_RECIPIENT = 1000;
// Recipients remembered between passes: past this many, the rest wait for a later notification.
const MAX_PENDING = 10_000;

/**
 * Keeps notifications bounded: called after notifications are written (with their recipients),
 * it deletes at most once per `intervalMs` per process, in batches (notification-store.ts), those
 * past the age limit and, of the recipients written to since the last pass, those past the newest
 * 1,000. A recipient's count only grows when they are written to, so no pass scans everyone.
 */
export function createNotificationPruner(db: UsersDb, intervalMs = 60_000): (recipientIds: readonly string[]) => Promise<void> {
  const pending = new Set<string>();
  const pass = atMostEvery(intervalMs, async () => {
    const recipientIds = [...pending];
    pending.clear();
    await pruneNotifications(db, { maxAgeDays: NOTIFICATION_MAX_AGE_DAYS, keep: NOTIFICATIONS_KEPT_PER_RECIPIENT, recipientIds });
  });
  return async (recipientIds) => {
    for (const id of recipientIds) if (pending.size < MAX_PENDING) pending.add(id);
    await pass();
  };
}
