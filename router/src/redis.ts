import type { Redis } from 'ioredis';

/**
 * The router's one Redis connection (REDIS_URL), shared by the caches and the rate limit. Loaded
 * only when used. It fails fast: no offline queue, no retry per command, a short timeout, so
 * while Redis is away each feature falls back at once (uncached, or limited in-process) instead
 * of making requests wait. It reconnects by itself.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}
