import type { GraphQLDataSource } from '@apollo/gateway';
import type { Logger } from '@clmb/common';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { RouterContext } from '../context';
import type { RouterMetrics } from '../metrics';
import { EntityCache } from './entity-cache';
import { type Generation, localGeneration, redisGeneration } from './generation';
import { declaredTags, type MutationResponse, mayHaveChanged } from './mutation-outcome';
import { createCachePolicies } from './policy';
import { responseCachePlugins } from './response-cache';
import { type CacheStore, memoryStore, redisStore } from './store';
import { localTagVersions, redisTagVersions, type TagVersions } from './tags';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** The subgraph whose SDL declares cache hints, whose answers carry cache tags and whose writes invalidate. */
const CACHED_SUBGRAPH = 'gyms';
/** Asks the gyms subgraph for its cache tags (subgraphs/gyms/src/cache/plugin.ts); other callers get plain answers. */
const CACHE_TAGS_HEADER = 'x-clmb-cache-tags';

/** What the data source of a cached subgraph hands its queries to (data-source.ts). */
export interface SubgraphCache {
  /** Answers a query, from the entity cache where it can, gathering the tags of the answer into `context`. */
  query(query: string, variables: Record<string, unknown> | undefined, context: RouterContext, send: (variables: Record<string, unknown> | undefined) => Promise<GatewayResponse>): Promise<GatewayResponse>;
}

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
 * response cache for public queries, and their invalidation by what each write declares it changed.
 * In this process by default; in Redis when there is one, shared with every replica. Undefined
 * when CACHE_ENABLED=false.
 */
export function createRouterCache(config: Config['cache'], { supergraphSdl, redis, metrics, logger }: RouterCacheDependencies) {
  const { enabled, keyPrefix, maxTtlSeconds, memoryBytes } = config;
  if (!enabled) return undefined;
  const policies = createCachePolicies(supergraphSdl, CACHED_SUBGRAPH, maxTtlSeconds);
  // A version is kept while an entry stamped before it may live.
  const keepMs = (maxTtlSeconds + 60) * 1000;
  let store: CacheStore;
  let generation: Generation;
  let versions: TagVersions;
  if (redis) {
    generation = redisGeneration(redis, `${keyPrefix}generation`, logger, metrics);
    versions = redisTagVersions(redis, `${keyPrefix}tags`, keepMs, () => generation.next(), logger, metrics);
    store = redisStore(redis, logger, metrics);
  } else {
    generation = localGeneration(metrics);
    versions = localTagVersions(keepMs, metrics);
    store = memoryStore(memoryBytes);
  }
  const entityCache = new EntityCache(policies, store, generation, versions, metrics, keyPrefix);
  const cache: SubgraphCache = {
    query: async (query, variables, context, send) => {
      if (entityCache.handles(query, variables)) return entityCache.resolve(query, variables ?? {}, context, send);
      const response = await send(variables);
      const tags = response.extensions?.['cacheTags'] as string[] | undefined;
      // An entity query the entity cache does not hold (a type it may not keep) still tells what its items hold.
      const entityTags = response.extensions?.['entityCacheTags'] as string[][] | undefined;
      if (response.extensions) {
        delete response.extensions['cacheTags'];
        delete response.extensions['entityCacheTags'];
      }
      if (!tags) context.cacheTags = undefined;
      for (const tag of [...(tags ?? []), ...(entityTags ?? []).flat()]) context.cacheTags?.add(tag);
      return response;
    },
  };
  /**
   * After a mutation: one that changed nothing (refused, failed: anyone can send one) leaves every
   * cache as it is; one that declared what it changed moves those tags; any other (nothing declared,
   * outcome unknown) starts a new generation.
   */
  const onMutation = async (query: string, response: MutationResponse | undefined) => {
    if (!mayHaveChanged(query, response)) return;
    const tags = declaredTags(response);
    if (response?.extensions) delete response.extensions['invalidation'];
    await (tags ? versions.bump(tags) : generation.next());
  };
  return {
    plugins: responseCachePlugins(policies, store, generation, versions, metrics, keyPrefix),
    /** What the data source of subgraph `name` sends, caches and reports after a mutation. */
    forSubgraph: (name: string) => (name === CACHED_SUBGRAPH ? { cache, headers: { [CACHE_TAGS_HEADER]: '1' }, onMutation } : {}),
    close: async () => {
      await versions.close();
      await generation.close();
    },
  };
}
