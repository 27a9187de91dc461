import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import ApolloServerPluginResponseCache from '@apollo/server-plugin-response-cache';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { CachePolicies } from './policy';
import type { CacheStore } from './store';
import type { Generation } from './generation';
import type { RouterContext } from '../context';
import type { RouterMetrics } from '../metrics';

/**
 * Whole responses to queries whose every field is hinted public, with Apollo's own plugins: the
 * cache-control plugin writes the HTTP `Cache-Control` header from the operation's policy, and the
 * response-cache plugin stores and serves the `data`. The policy is computed here from the SDL
 * hints (see policy.ts) rather than collected per field, as the router resolves no fields itself.
 * Scope is per field, as Apollo's hints mean it, never per header: a public operation is the same
 * answer for everyone, so it is served and kept whether a token came with it or not (the token was
 * verified before, in the context: a bad one never reaches the cache), under a key without it. A
 * private field anywhere makes the operation uncacheable: no entry, `private` or `no-store`.
 */
export function responseCachePlugins(policies: CachePolicies, store: CacheStore, generation: Generation, metrics: RouterMetrics, keyPrefix: string): ApolloServerPlugin<RouterContext>[] {
  const cache: KeyValueCache = {
    get: async (key) => (await store.getMany([`${keyPrefix}r:${key}`]))[0],
    set: async (key, value, options) => {
      if (options?.ttl) store.set(`${keyPrefix}r:${key}`, value, options.ttl);
    },
    delete: async () => {},
  };
  /** Public, cacheable, and a generation to key it by (none while a shared store is unreachable). */
  const cacheable = ({ contextValue }: { contextValue: RouterContext }) => contextValue.cacheGeneration !== undefined;

  const policy: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, overallCachePolicy, contextValue }) {
          if (!operation) return;
          const { maxAge, scope } = policies.ofOperation(document, operation);
          overallCachePolicy.restrict({ maxAge, scope });
          if (maxAge > 0 && scope === 'PUBLIC') contextValue.cacheGeneration = generation.current();
        },
        async willSendResponse(requestContext) {
          if (!cacheable(requestContext)) return;
          (requestContext.metrics.responseCacheHit ? metrics.responseHits : metrics.responseMisses).inc();
        },
      };
    },
  };
  return [
    policy,
    ApolloServerPluginCacheControl({ calculateHttpHeaders: true, defaultMaxAge: 0 }),
    ApolloServerPluginResponseCache<RouterContext>({
      cache,
      extraCacheKeyData: async ({ contextValue }) => contextValue.cacheGeneration,
      shouldReadFromCache: async (requestContext) => cacheable(requestContext),
      shouldWriteToCache: async (requestContext) => cacheable(requestContext),
    }),
  ];
}
