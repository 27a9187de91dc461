import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const base = { JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' };

describe('router config', () => {
  it('has operation limits that fit the logbook, and trusts no proxy by default', () => {
    const config = loadConfig(base);
    expect(config.limits).toEqual({ depth: 10, aliases: 15, directives: 20, tokens: 1000, cost: 100_000 });
    expect(config.trustProxy).toBe(false);
  });

  it('reads TRUST_PROXY as express does: a flag, a hop count or proxy addresses', () => {
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('names every bad limit and proxy setting', () => {
    expect(() => loadConfig({ ...base, MAX_QUERY_DEPTH: '0', MAX_QUERY_COST: 'lots', TRUST_PROXY: 'the internet' })).toThrow(
      /MAX_QUERY_DEPTH[\s\S]*MAX_QUERY_COST[\s\S]*TRUST_PROXY/,
    );
  });

  describe('in production', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      USERS_URL: 'http://users:4001/graphql',
      GYMS_URL: 'http://gyms:4002/graphql',
      SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
    };

    it('takes a random subgraph secret, a hop count and a proxy list', () => {
      expect(loadConfig({ ...production, TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(loadConfig({ ...production, SUBGRAPH_SECRET: randomBytes(16).toString('hex') }).subgraphSecret).toHaveLength(32);
    });

    it.each([
      ['the .env.example placeholder', 'change-me-to-a-random-string-of-32-or-more-characters'],
      ['32 × "a"', 'a'.repeat(32)],
      ['a short alphabet repeated', 'abcd'.repeat(10)],
      ['a sequence of 16 characters, twice', '0123456789abcdef'.repeat(2)],
      ['a random-looking unit, twice', 'k3j9x8f2m1q7w4e5'.repeat(2)],
      ['a run through the alphabet', '0123456789abcdefghijklmnopqrstuvwxyz'],
    ])('refuses %s as the subgraph secret', (_what, secret) => {
      expect(() => loadConfig({ ...production, SUBGRAPH_SECRET: secret })).toThrow(/SUBGRAPH_SECRET: must be random in production/);
    });

    it('refuses TRUST_PROXY=true: a client would choose its own address', () => {
      expect(() => loadConfig({ ...production, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: true is refused in production/);
    });
  });

  it('caches by default, in-process, except in test processes unless CACHE_ENABLED says so', () => {
    expect(loadConfig(base).cache).toEqual({ enabled: true, maxTtlSeconds: 300, memoryBytes: 64 * 1024 * 1024, keyPrefix: 'clmb:router:' });
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).cache.enabled).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'test', CACHE_ENABLED: 'true' }).cache.enabled).toBe(true);
    expect(loadConfig({ ...base, CACHE_ENABLED: 'false', REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ cache: { enabled: false }, redisUrl: 'redis://127.0.0.1:6379' });
    expect(() => loadConfig({ ...base, CACHE_ENABLED: 'yes', CACHE_MAX_TTL_SECONDS: '0', REDIS_URL: 'http://cache' })).toThrow(/CACHE_ENABLED[\s\S]*CACHE_MAX_TTL_SECONDS[\s\S]*REDIS_URL/);
  });

  it('limits each client by default, and refuses a burst too small for the costliest allowed query', () => {
    expect(loadConfig(base).rateLimit).toEqual({ enabled: true, pointsPerSecond: 10_000, burst: 400_000, keyPrefix: 'clmb:router:ratelimit:' });
    expect(loadConfig({ ...base, NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'false', CACHE_KEY_PREFIX: 't1:' }).rateLimit).toMatchObject({ enabled: false, keyPrefix: 't1:ratelimit:' });
    expect(() => loadConfig({ ...base, RATE_LIMIT_BURST: '49999' })).toThrow(/RATE_LIMIT_BURST: must be at least MAX_QUERY_COST/);
    expect(loadConfig({ ...base, RATE_LIMIT_BURST: '1000', MAX_QUERY_COST: '1000' }).rateLimit.burst).toBe(1_000);
    expect(() => loadConfig({ ...base, RATE_LIMIT_ENABLED: 'maybe', RATE_LIMIT_POINTS_PER_SECOND: '0' })).toThrow(/RATE_LIMIT_ENABLED[\s\S]*RATE_LIMIT_POINTS_PER_SECOND/);
  });
});
