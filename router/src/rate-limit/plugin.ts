import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { TooManyRequestsError } from '@clmb/common';
import type { RouterContext } from '../context';
import type { CostOf } from '../demand-control';
import type { RouterMetrics } from '../metrics';
import { type BucketSettings, type BucketStore, MIN_COST, retryAfterSeconds, waitForAnyMs } from './bucket';
import { bucketKeys, refusedKey } from './client-key';
import type { RefusedClients } from './refused-clients';

/**
 * Charges every operation that is about to run (parsed, valid, resolved; a response-cache hit too)
 * to its client: the user of a verified token, or else the client's address (as TRUST_PROXY
 * reports it; for IPv6 both its /64 and its /48, narrowest first, each of which must afford it).
 * `costOf` is demand control's estimate of the request (its document, operation and variables);
 * an operation over the cost limit is refused there and charged nothing. Every operation costs at
 * least MIN_COST.
 */
export function rateLimitPlugin(
  buckets: BucketStore,
  settings: BucketSettings,
  costOf: CostOf,
  refused: RefusedClients,
  metrics: RouterMetrics,
): ApolloServerPlugin<RouterContext> {
  // One listener for every request: nothing is allocated per request but the bucket key.
  const listener: GraphQLRequestListener<RouterContext> = {
    async didResolveOperation({ request, document, operation, queryHash, contextValue: { authorization, viewerId, clientAddress, liveEvent }, response }) {
      // A live event's resolution is paid for by the subscribe, whoever's activity set it off.
      if (liveEvent) return;
      const keys = bucketKeys(viewerId, clientAddress);
      if (keys.length === 0 || !operation) return;
      const cost = Math.max(MIN_COST, costOf({ request, document, operation }));
      let wait = 0;
      for (const key of keys) {
        wait = await buckets.take(key, cost);
        if (wait > 0) break;
      }
      if (wait === 0) return;
      metrics.rateLimited.inc({ client: viewerId ? 'user' : 'address' });
      const early = refusedKey(authorization, clientAddress);
      if (early && queryHash) refused.note(early, queryHash, wait, waitForAnyMs(wait, cost, settings));
      // Set here, the status and header stay when Apollo answers with the error thrown below.
      response.http.status = 429;
      response.http.headers.set('retry-after', String(retryAfterSeconds(wait)));
      throw new TooManyRequestsError(retryAfterSeconds(wait));
    },
  };
  return { requestDidStart: async () => listener };
}
