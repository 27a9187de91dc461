import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RouterContext } from '../context';
import type { RouterMetrics } from '../metrics';
import { decodeEntry, encodeEntry } from './entry';
import type { Generation } from './generation';
import type { CachePolicies } from './policy';
import type { CacheStore } from './store';
import type { TagVersions } from './tags';

/**
 * Whole responses to queries whose every field is hinted public, with Apollo's own plugins: the
 * cache-control plugin writes the HTTP `Cache-Control` header from the operation's policy, and the
 * response-cache plugin stores and serves the `data`. The policy is computed here from the SDL
 * hints (see policy.ts) rather than collected per field, as the router resolves no fields itself.
 * Scope is per field, as Apollo's hints mean it, never per header: a public operation is the same
 * answer for everyone, so it is served and kept whether a token came with it or not (the token was
 * verified before, in the context: a bad one never reaches the cache), under a key without it. A
 * private field anywhere makes the operation uncacheable: no entry, `private` or `no-store`.
 * An entry carries the tags of what it holds, gathered from the subgraph's answers and the entity
 * entries used (tags.ts), and is a miss once one of them changed.
 */
export function responseCachePlugins(policies: CachePolicies, store: CacheStore, generation: Generation, versions: TagVersions, metrics: RouterMetrics, keyPrefix: string): ApolloServerPlugin<RouterContext>[] {
  /** The store as one request sees it: entries are read against, and written with, that request's tags. */
  const entriesFor = (context: RouterContext): KeyValueCache => ({
    get: async (key) => {
      const [stored] = await store.getMany([`${keyPrefix}r:${key}`]);
      const entry = stored === undefined ? undefined : decodeEntry(stored);
      return entry && versions.fresh(entry.tags, entry.stamp) ? entry.value : undefined;
    },
    set: async (key, value, options) => {
      const { cacheTags, cacheStamp } = context;
      // Untagged (an answer without its tags), or changed while it was read: not kept.
      if (!options?.ttl || !cacheTags || cacheStamp === undefined || !versions.fresh(cacheTags, cacheStamp)) return;
      store.set(`${keyPrefix}r:${key}`, encodeEntry(cacheStamp, cacheTags, value), options.ttl);
    },
    delete: async () => {},
  });
  /** Public, cacheable, and a generation to key it by (none while a shared store is unreachable). */
  const cacheable = ({ contextValue }: { contextValue: RouterContext }) => contextValue.cacheGeneration !== undefined;

  const policy: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, overallCachePolicy, contextValue }) {
          if (!operation) return;
          const { maxAge, scope } = policies.ofOperation(document, operation);
          overallCachePolicy.restrict({ maxAge, scope });
          const generationNow = maxAge > 0 && scope === 'PUBLIC' ? generation.current() : undefined;
          contextValue.cacheGeneration = generationNow;
          contextValue.cacheStamp = generationNow === undefined ? undefined : versions.stamp();
          contextValue.cacheTags = generationNow === undefined ? undefined : new Set();
        },
        async willSendResponse(requestContext) {
          if (!cacheable(requestContext)) return;
          (requestContext.metrics.responseCacheHit ? metrics.responseHits : metrics.responseMisses).inc();
        },
      };
    },
  };
  const responseCache = ApolloServerPluginResponseCache<RouterContext>({
    extraCacheKeyData: async ({ contextValue }) => contextValue.cacheGeneration,
    shouldReadFromCache: async (requestContext) => cacheable(requestContext),
    shouldWriteToCache: async (requestContext) => cacheable(requestContext),
  });
  // Apollo's plugin reads its store from the request context when given none: each request gets its own view.
  const tagged: ApolloServerPlugin<RouterContext> = {
    requestDidStart: async (requestContext) => responseCache.requestDidStart?.({ ...requestContext, cache: entriesFor(requestContext.contextValue) }),
  };
  return [policy, ApolloServerPluginCacheControl({ calculateHttpHeaders: true, defaultMaxAge: 0 }), tagged];
}
