import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { estimatedEntropyBits, strongSubgraphSecretInProduction } from './subgraph-secret';

const production = z.object({ NODE_ENV: z.string(), SUBGRAPH_SECRET: z.string() }).superRefine(strongSubgraphSecretInProduction);
const accepted = (secret: string, NODE_ENV = 'production') => production.safeParse({ NODE_ENV, SUBGRAPH_SECRET: secret }).success;

describe('the subgraph secret in production', () => {
  it.each([
    ['32 × "a"', 'a'.repeat(32)],
    ['a short alphabet repeated', 'abcd'.repeat(10)],
    ['16 hex digits in order, twice', '0123456789abcdef'.repeat(2)],
    ['the same, twice and a bit', `${'0123456789abcdef'.repeat(2)}0123`],
    ['16 hex digits in order, twice, and one more character', `${'0123456789abcdef'.repeat(2)}x`],
    ['a random-looking unit, twice', 'k3j9x8f2m1q7w4e5'.repeat(2)],
    ['a run through the alphabet', '0123456789abcdefghijklmnopqrstuvwxyz'],
    ['a run backwards', 'zyxwvutsrqponmlkjihgfedcba9876543210'],
    ['two interleaved runs', 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6'],
    ['the .env.example placeholder', 'change-me-to-a-random-string-of-32-or-more-characters'],
  ])('refuses %s', (_what, secret) => {
    expect(accepted(secret)).toBe(false);
  });

  it('takes what `openssl rand -hex 32`, `-hex 16` or `-base64 32` prints, whatever the draw', () => {
    for (let i = 0; i < 2_000; i++) {
      for (const secret of [randomBytes(32).toString('hex'), randomBytes(16).toString('hex'), randomBytes(32).toString('base64')]) {
        if (!accepted(secret)) throw new Error(`refused a random secret: ${secret}`);
      }
    }
  });

  it('is not checked outside production', () => {
    expect(accepted('0123456789abcdef'.repeat(2), 'development')).toBe(true);
  });
});

describe('estimatedEntropyBits', () => {
  it('counts a repeated unit once, and scores runs by their steps', () => {
    expect(estimatedEntropyBits('0123456789abcdef')).toBeLessThan(6);
    expect(estimatedEntropyBits('k3j9x8f2m1q7w4e5'.repeat(3))).toBe(estimatedEntropyBits('k3j9x8f2m1q7w4e5'));
    expect(estimatedEntropyBits('')).toBe(0);
    expect(estimatedEntropyBits('x')).toBe(0);
  });
});
