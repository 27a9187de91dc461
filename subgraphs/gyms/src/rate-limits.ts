import { TooManyRequestsError } from '@clmb/common';
import type { GymsDb } from './db';
import { type CountedWrites, countWritesSince } from './rate-limit-store';

/** A limit of a climber's (or a gym's) writes in a sliding window, counted from a table's own timestamps. */
export interface WindowLimit {
  /** What is counted, for the message: `reports`, `renew vote changes`. */
  what: string;
  /** `extensions.reason`. */
  reason: string;
  max: number;
  windowMs: number;
}

/** Where a window starts now. */
export const windowStart = (limit: WindowLimit, now = Date.now()): Date => new Date(now - limit.windowMs);

const inWords = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}` : `${ms / 60_000} minutes`);

/**
 * TOO_MANY_REQUESTS when `spend` more writes do not fit in the window (by default one: the window
 * already holds `max`); the writer may write again once the oldest write in the window leaves it.
 */
export function checkWindow(limit: WindowLimit, used: { count: number; oldest: Date | null }, spend = 1, now = Date.now()): void {
  if (used.count + spend <= limit.max) return;
  const freeAt = (used.oldest?.getTime() ?? now) + limit.windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
  throw new TooManyRequestsError(retryAfterSeconds, {
    message: `At most ${limit.max} ${limit.what} in ${inWords(limit.windowMs)}; ${used.count} in the last ${inWords(limit.windowMs)}. Try again in ${retryAfterSeconds} seconds.`,
    extensions: { reason: limit.reason, limit: limit.max, remaining: Math.max(0, limit.max - used.count) },
  });
}

/** TOO_MANY_REQUESTS when `ownerId`'s writes in `writes` already fill the window (call it in the write's transaction, under the owner's lock). */
export async function limitWrites(tx: GymsDb, limit: WindowLimit, writes: CountedWrites, ownerId: string): Promise<void> {
  checkWindow(limit, await countWritesSince(tx, writes, ownerId, windowStart(limit)));
}
