import { createHash } from 'node:crypto';
import { tooManyRequests } from '@clmb/common';
import type { Request, RequestHandler } from 'express';
import { normalizeAddress } from '../context';
import type { RouterMetrics } from '../metrics';
import { graphqlParamsOf } from '../request-params';
import { retryAfterSeconds } from './bucket';
import { refusedKey } from './client-key';
import type { RefusedClients } from './refused-clients';

/** The hash Apollo knows a request's operation by (`queryHash`): a persisted query's own, else the SHA-256 of its text. */
function queryHashOf(req: Request): string | undefined {
  const { query, persistedQueryId } = graphqlParamsOf(req);
  if (persistedQueryId) return persistedQueryId;
  return typeof query === 'string' ? createHash('sha256').update(query).digest('hex') : undefined;
}

/**
 * Once the body is read, before Apollo's pipeline: a client refused lately gets a 429 again as
 * `refusedClients` says (nothing affordable, the refused operation repeated, or a second operation
 * refused), for a Map lookup, a hash of the query text and a short JSON answer instead of the
 * pipeline, so ignoring Retry-After costs the router (and the clients beside it) little. A lookup
 * only while some client is waiting.
 */
export const refuseWhileWaiting =
  (refused: RefusedClients, metrics: RouterMetrics): RequestHandler =>
  (req, res, next) => {
    if (refused.size() === 0) return next();
    const { authorization } = req.headers;
    const key = refusedKey(authorization, req.ip && normalizeAddress(req.ip));
    const wait = key ? refused.waitOf(key, () => queryHashOf(req)) : 0;
    if (wait === 0) return next();
    metrics.rateLimited.inc({ client: authorization ? 'user' : 'address' });
    const seconds = retryAfterSeconds(wait);
    res
      .status(429)
      .set('retry-after', String(seconds))
      .json({ errors: [tooManyRequests(seconds)] });
  };
