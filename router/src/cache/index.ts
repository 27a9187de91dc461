import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { RouterMetrics } from '../metrics';
import { EntityCache } from './entity-cache';
import { type Generation, localGeneration, redisGeneration } from './generation';
import { mayHaveChanged } from './mutation-outcome';
import { createCachePolicies } from './policy';
import { responseCachePlugins } from './response-cache';
import { type CacheStore, memoryStore, redisStore } from './store';

export type { EntityCache } from './entity-cache';

/** The subgraph whose SDL declares cache hints and whose writes start a new cache generation. */
const CACHED_SUBGRAPH = 'gyms';

interface RouterCacheDependencies {
  /** The supergraph loaded at start, whose cache hints the caches read. */
  supergraphSdl: string;
  /** The router's Redis connection when REDIS_URL is set: the caches are then shared by every replica. */
  redis: Redis | undefined;
  metrics: RouterMetrics;
  logger: Logger;
}

/**
 * The router's caches (docs/caching.md): an entity cache in front of the gyms subgraph, a
 * response cache for anonymous public queries, and their invalidation. In this process by
 * default; in Redis when there is one, shared with every replica. Undefined when
 * CACHE_ENABLED=false.
 */
export function createRouterCache(config: Config['cache'], { supergraphSdl, redis, metrics, logger }: RouterCacheDependencies) {
  const { enabled, keyPrefix, maxTtlSeconds, memoryBytes } = config;
  if (!enabled) return undefined;
  const policies = createCachePolicies(supergraphSdl, CACHED_SUBGRAPH, maxTtlSeconds);
  let store: CacheStore;
  let generation: Generation;
  if (redis) {
    generation = redisGeneration(redis, `${keyPrefix}generation`, logger, metrics);
    store = redisStore(redis, logger, metrics);
  } else {
    generation = localGeneration(metrics);
    store = memoryStore(memoryBytes);
  }
  const entityCache = new EntityCache(policies, store, generation, metrics, keyPrefix);
  return {
    plugins: responseCachePlugins(policies, store, generation, metrics, keyPrefix),
    /**
     * What the data source of subgraph `name` caches, and what it reports after a mutation: only
     * one that may have changed something starts a new generation, so a refused write (anyone can
     * send one) never empties the caches of every replica.
     */
    forSubgraph: (name: string) =>
      name === CACHED_SUBGRAPH
        ? { entityCache, onMutation: async (query: string, response: Parameters<typeof mayHaveChanged>[1]) => (mayHaveChanged(query, response) ? generation.next() : undefined) }
        : {},
    close: () => generation.close(),
  };
}
