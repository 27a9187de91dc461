import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { RouterMetrics } from '../metrics';

/**
 * The cache generation: part of every cache key, so starting a new one makes every entry of the
 * old one unreachable at once (they age out of the store by TTL or LRU). A write to a cached
 * subgraph starts a new generation. `current()` is undefined while the caches must not be used.
 */
export interface Generation {
  current(): string | undefined;
  /** Resolves once this router will no longer serve entries of the old generation. */
  next(): Promise<void>;
  close(): Promise<void>;
}

/** One router process on its own: a counter. */
export function localGeneration(metrics: RouterMetrics): Generation {
  let generation = 0;
  return {
    current: () => String(generation),
    next: async () => {
      generation++;
      metrics.invalidations.inc();
    },
    close: async () => {},
  };
}

/**
 * Shared by every replica through Redis: a counter (INCR) and a pub/sub channel that tells the
 * others the new value at once. While Redis is unreachable the caches are off (undefined); each
 * (re)connection starts a new generation, as writes may have happened that nobody could announce.
 */
export function redisGeneration(redis: Redis, key: string, logger: Logger, metrics: RouterMetrics): Generation {
  const subscriber = redis.duplicate();
  let generation: string | undefined;
  let reachable = false;
  // Only forward: an INCR reply and another replica's announcement may arrive in either order.
  const adopt = (value: string | number | null) => {
    if (value === null || (generation !== undefined && Number(value) <= Number(generation))) return;
    if (generation !== undefined) metrics.invalidations.inc();
    generation = String(value);
  };
  const next = async () => {
    try {
      const value = await redis.incr(key);
      adopt(value);
      await redis.publish(key, String(value));
    } catch (error) {
      metrics.storeErrors.inc();
      // During an outage (logged by redis.ts) the caches are off, and a new generation starts on reconnection.
      if (reachable) logger.warn({ err: error }, 'could not start a new cache generation in Redis');
    }
  };
  redis.on('ready', () => {
    reachable = true;
    void next();
  });
  // The outage itself is logged by the connection (redis.ts).
  const lost = () => {
    generation = undefined;
    reachable = false;
  };
  redis.on('error', lost);
  redis.on('close', lost);
  subscriber.on('message', (_channel: string, value: string) => {
    if (reachable) adopt(value);
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(key).catch(() => {});
    // Announcements missed while the subscriber was away.
    redis.get(key).then((value) => reachable && adopt(value), () => {});
  });
  subscriber.on('error', () => {});
  return {
    current: () => generation,
    next,
    close: async () => {
      subscriber.disconnect();
    },
  };
}
