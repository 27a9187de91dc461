import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/** The header the router (and a subgraph calling another) proves itself with. */
export const SUBGRAPH_SECRET_HEADER = 'x-clmb-subgraph-secret';

export const subgraphSecretField = z.string().min(32, 'must be at least 32 characters').optional();

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Subgraphs trust only the router: a `/graphql` request without the shared secret is refused
 * with 403 FORBIDDEN before it is parsed. Compared in constant time (on digests, so the length
 * leaks nothing either).
 */
export function requireSubgraphSecret(secret: string): RequestHandler {
  const expected = digest(secret);
  return (req, res, next) => {
    const presented = req.headers[SUBGRAPH_SECRET_HEADER];
    if (typeof presented === 'string' && timingSafeEqual(digest(presented), expected)) return next();
    res.status(403).json({
      errors: [{ message: 'This service only answers the clmb router.', extensions: { code: 'FORBIDDEN' } }],
    });
  };
}

/** Headers for a request to a subgraph. */
export const subgraphSecretHeaders = (secret: string | undefined): Record<string, string> =>
  secret ? { [SUBGRAPH_SECRET_HEADER]: secret } : {};
