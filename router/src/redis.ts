import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';

/**
 * The router's one Redis connection (REDIS_URL), shared by the caches and the rate limit. Loaded
 * only when used. It fails fast: no offline queue, no retry per command, a short timeout, so
 * while Redis is away each feature falls back at once (uncached, or limited in-process) instead
 * of making requests wait. It reconnects by itself.
 *
 * An outage is logged here, once for all the features (ioredis reports every failed
 * reconnection), and so is the recovery; the features count their failed calls in their metrics.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let state: 'connecting' | 'ready' | 'down' = 'connecting';
  let connected = false;
  // `reconnecting`, not `close`: a connection closed on purpose (at stop) is not an outage.
  const lost = (error?: Error) => {
    if (state !== 'down') logger.warn({ err: error }, 'Redis unreachable: caches off and rate limit in this process until it is back');
    state = 'down';
  };
  redis.on('error', lost);
  redis.on('reconnecting', () => lost());
  redis.on('ready', () => {
    // "Back" only after an outage of a connection that had been up; a first connection is "connected".
    logger.info(connected ? 'Redis back: caches and rate limit shared again' : 'Redis connected');
    connected = true;
    state = 'ready';
  });
  return redis;
}
