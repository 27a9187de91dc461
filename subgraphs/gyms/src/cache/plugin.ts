import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';

/** The header the router's caches send to ask for the tags (router/src/cache/index.ts); other callers (the users service, tests) get plain answers. */
const CACHE_TAGS_HEADER = 'x-clmb-cache-tags';

/**
 * Tells the router what the answer holds and what the request changed (docs/caching.md), in the
 * answer's `extensions`, which the router reads and strips: `cacheTags` (a root query's),
 * `entityCacheTags` (an entity query's, one list per `_entities` item, as the Apollo Router's
 * `apolloEntityCacheTags`), `invalidation` (a mutation's, as the Apollo Router's).
 */
export const cacheTagsPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response, contextValue, operation }) {
        if (response.body.kind !== 'single' || !operation || request.http?.headers.get(CACHE_TAGS_HEADER) !== '1') return;
        const result = response.body.singleResult;
        const tags = contextValue.cacheTags;
        const extensions: Record<string, unknown> = {};
        if (operation.operation === 'mutation') {
          if (tags.undeclared) extensions['invalidation'] = [{ kind: 'subgraph', subgraph: 'gyms' }];
          else if (tags.changes.length > 0) extensions['invalidation'] = tags.changes;
        } else {
          if (tags.read.size > 0) extensions['cacheTags'] = [...tags.read];
          const entities = (result.data as { _entities?: unknown[] } | null | undefined)?._entities;
          if (entities) extensions['entityCacheTags'] = entities.map((_, i) => [...(tags.entities[i] ?? [])]);
        }
        if (Object.keys(extensions).length > 0) result.extensions = { ...result.extensions, ...extensions };
      },
    };
  },
};
