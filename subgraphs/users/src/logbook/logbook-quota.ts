import { TooManyRequestsError } from '@clmb/common';
import type { UsersDb } from '../db';
import * as store from './logbook-store';

/**
 * The import quota: sessions and climbs an import creates (each a row written), per climber, in a
 * 24-hour window that opens with the first import after the last window closed. 12,000 is one
 * part of an export (at most 10,000 climbs and 2,000 sessions, logbook-export.ts), so a part a
 * day always fits; 10,000 climbs are four years of 50 a week, and a longer history goes on in
 * the next window. Sessions and climbs the logbook already had create nothing and count nothing,
 * so a part sent twice costs nothing.
 */
export const IMPORT_QUOTA = 12_000;
const WINDOW_SECONDS = 86_400;
const RUNNING_RETRY_SECONDS = 5;

// The key from when only climbs counted: the windows open at the change stay valid.
const keyOf = (userId: string) => `import:climbs:${userId}`;

/** The climber's import lock for the transaction, or at once TOO_MANY_REQUESTS: an import of theirs is running. */
export async function lockImports(tx: UsersDb, userId: string): Promise<void> {
  if (await store.tryLockImports(tx, userId)) return;
  throw new TooManyRequestsError(RUNNING_RETRY_SECONDS, {
    message: 'An import of yours is running; try again when it has finished.',
    extensions: { reason: 'IMPORT_RUNNING' },
  });
}

/**
 * Refuses an import of `created` new sessions and climbs that does not fit in what remains of the
 * window: the whole file, so nothing is half imported. With `record`, they count against the
 * window. Runs under the climber's import lock, so the check and the count are one step.
 */
export async function spendImportQuota(tx: UsersDb, userId: string, created: number, options: { record: boolean }): Promise<void> {
  const window = await store.findQuotaWindow(tx, keyOf(userId));
  const remaining = IMPORT_QUOTA - (window?.used ?? 0);
  if (created > remaining) {
    const resetAt = window?.resetAt ?? new Date(Date.now() + WINDOW_SECONDS * 1000);
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
    throw new TooManyRequestsError(retryAfterSeconds, {
      message: `The import quota is ${IMPORT_QUOTA} new sessions and climbs a day: ${remaining} remain until ${resetAt.toISOString()}, and this file has ${created} new sessions and climbs. ${
        remaining > 0 ? `Import a part of at most ${remaining} now and the rest then.` : 'Import it then.'
      }`,
      extensions: { reason: 'IMPORT_QUOTA', quota: IMPORT_QUOTA, remaining, resetAt: resetAt.toISOString() },
    });
  }
  if (options.record && created > 0) await store.addToQuotaWindow(tx, keyOf(userId), created, WINDOW_SECONDS);
}
