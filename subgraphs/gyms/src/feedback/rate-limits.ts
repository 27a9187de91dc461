import { TooManyRequestsError } from '@clmb/common';

/** A limit of a climber's writes in a sliding window, counted from a table's own timestamps. */
export interface WindowLimit {
  /** What is counted, for the message: `reports`, `renew vote changes`. */
  what: string;
  /** `extensions.reason`. */
  reason: string;
  max: number;
  windowMs: number;
}

/** Where a climber's window starts now. */
export const windowStart = (limit: WindowLimit, now = Date.now()): Date => new Date(now - limit.windowMs);

/**
 * TOO_MANY_REQUESTS when the window already holds `max` writes; the climber may write again once
 * the oldest of them leaves it.
 */
export function checkWindow(limit: WindowLimit, used: { count: number; oldest: Date | null }, now = Date.now()): void {
  if (used.count < limit.max) return;
  const freeAt = (used.oldest?.getTime() ?? now) + limit.windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now) / 1000));
  throw new TooManyRequestsError(retryAfterSeconds, {
    message: `At most ${limit.max} ${limit.what} in ${limit.windowMs / 3_600_000} hours; try again in ${retryAfterSeconds} seconds.`,
    extensions: { reason: limit.reason, limit: limit.max },
  });
}
