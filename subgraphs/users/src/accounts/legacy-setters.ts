import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@clmb/common';
import type { GymsClient } from '../gyms-client/gyms-client';
import { demoteLegacySetters, findLegacySetters } from './admin-store';

interface HandOverOptions {
  /** Accounts handed over per request to gyms (at most the 500 gyms' `_adoptLegacySetters` takes). */
  batchSize?: number;
  /** How long to wait before trying again while gyms cannot be reached. */
  retryMs?: number;
}

interface HandOver {
  /** Settles when every legacy setter has been handed over, or the hand-over stopped. */
  done: Promise<{ accounts: number; memberships: number }>;
  stop(): void;
}

/**
 * The retired global SETTER role, handed over to gyms' staff (docs/staff.md): in the background
 * after the service starts, the accounts still stored as SETTER, in batches, are adopted by gyms as
 * SETTER staff of its gyms, oldest first within the staff caps (`_adoptLegacySetters`, which adds
 * nothing twice), and only then become
 * CLIMBER here. A restart, a second replica or a batch repeated after a failure is harmless; while
 * gyms cannot be reached it waits and tries the same batch again, and nobody is demoted before
 * gyms has adopted them.
 */
export function startLegacySetterHandOver(db: Parameters<typeof findLegacySetters>[0], gyms: Pick<GymsClient, 'adoptLegacySetters'>, logger: Logger, options: HandOverOptions = {}): HandOver {
  const { batchSize = 500, retryMs = 30_000 } = options;
  const controller = new AbortController();
  const pause = (ms: number) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);

  async function run() {
    let accounts = 0;
    let memberships = 0;
    while (!controller.signal.aborted) {
      try {
        const ids = await findLegacySetters(db, batchSize);
        if (ids.length === 0) break;
        memberships += await gyms.adoptLegacySetters(ids);
        accounts += await demoteLegacySetters(db, ids);
      } catch (error) {
        if (controller.signal.aborted) break;
        logger.warn({ err: error, retryInSeconds: retryMs / 1000 }, 'legacy setter hand-over: will try again');
        await pause(retryMs);
      }
    }
    if (accounts > 0) logger.info({ accounts, memberships }, 'legacy setter hand-over: finished');
    return { accounts, memberships };
  }

  return { done: run(), stop: () => controller.abort() };
}
