import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/** The header the router (and a subgraph calling another) proves itself with. */
export const SUBGRAPH_SECRET_HEADER = 'x-clmb-subgraph-secret';

export const subgraphSecretField = z.string().min(32, 'must be at least 32 characters').optional();

// Words of example values (.env.example's "change-me-...") that must never guard a deployment.
const PLACEHOLDER = /change-?me|changeit|example|placeholder|replace|secret|password|your-|x{6}/i;
/** A random 32-character hex string scores 92–128 bits here (110 typical); 32 × "a" scores 0. */
const MIN_ENTROPY_BITS = 88;

/** Length times the Shannon entropy of the value's own characters: a cheap estimate of guessability. */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / value.length) * Math.log2(count / value.length);
  return perChar * value.length;
}

/**
 * For `superRefine`: in production the subgraph secret must be random, not a placeholder from the
 * docs or a low-entropy value that only passes the length check (32 × "a").
 */
export const strongSubgraphSecretInProduction = (env: Record<string, unknown>, ctx: z.RefinementCtx): void => {
  const secret = env['SUBGRAPH_SECRET'];
  if (env['NODE_ENV'] !== 'production' || typeof secret !== 'string') return;
  if (PLACEHOLDER.test(secret) || estimatedEntropyBits(secret) < MIN_ENTROPY_BITS) {
    ctx.addIssue({ code: 'custom', path: ['SUBGRAPH_SECRET'], message: 'must be random in production, e.g. `openssl rand -hex 32`' });
  }
};

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
