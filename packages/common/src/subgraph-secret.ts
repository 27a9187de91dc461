import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/** The header the router (and a subgraph calling another) proves itself with. */
export const SUBGRAPH_SECRET_HEADER = 'x-clmb-subgraph-secret';

export const subgraphSecretField = z.string().min(32, 'must be at least 32 characters').optional();

// Words of example values (.env.example's "change-me-...") that must never guard a deployment.
const PLACEHOLDER = /change-?me|changeit|example|placeholder|replace|secret|password|your-|x{6}/i;
/** A random 32-character hex string scores 90–128 bits here (110 typical); 32 × "a" scores 0. */
const MIN_ENTROPY_BITS = 88;

/** Shannon entropy of the symbols' own frequencies, times their number. */
function shannonBits(symbols: readonly (string | number)[]): number {
  const counts = new Map<string | number, number>();
  for (const symbol of symbols) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
  let perSymbol = 0;
  for (const count of counts.values()) perSymbol -= (count / symbols.length) * Math.log2(count / symbols.length);
  return perSymbol * symbols.length;
}

/** The shortest unit the characters repeat at least twice over (the last copy may be cut short), else all of them. */
function repeatedUnit(chars: readonly string[]): readonly string[] {
  // KMP's failure function: the longest proper prefix of chars[0..i] that is also its suffix.
  const border: number[] = [0];
  for (let i = 1, k = 0; i < chars.length; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = border[k - 1]!;
    if (chars[i] === chars[k]) k++;
    border.push(k);
  }
  const period = chars.length - (border[chars.length - 1] ?? 0);
  return period * 2 <= chars.length ? chars.slice(0, period) : chars;
}

/**
 * A cheap estimate of how guessable a value is, in bits. A repeated unit counts once ("0123456789abcdef"
 * twice is worth one copy); of what is left, the lower of two Shannon estimates: over its characters
 * (few distinct characters score low) and over the steps between neighbours (runs such as "0123…",
 * "fedc…" or "a1b2c3…" score low however many distinct characters they use). Keyboard walks and
 * words are not recognised: this stops careless values, it does not grade passwords.
 */
export function estimatedEntropyBits(value: string): number {
  const chars = repeatedUnit([...value]);
  const steps = chars.slice(1).map((char, i) => char.codePointAt(0)! - chars[i]!.codePointAt(0)!);
  return Math.min(shannonBits(chars), shannonBits(steps));
}

/**
 * For `superRefine`: in production the subgraph secret must be random, not a placeholder from the
 * docs or a low-entropy value that only passes the length check (32 × "a", a run, a unit repeated).
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
