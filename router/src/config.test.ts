import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const base = { JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' };

describe('router config', () => {
  it('has operation limits that fit the logbook, and trusts no proxy by default', () => {
    const config = loadConfig(base);
    expect(config.limits).toEqual({ depth: 10, aliases: 15, directives: 20, tokens: 1000, cost: 50_000 });
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

  it('allows any browser origin outside production, none in production unless CORS_ORIGINS lists them', () => {
    expect(loadConfig(base).cors).toEqual({ origins: '*', maxAgeSeconds: 600 });
    expect(loadConfig({ ...base, NODE_ENV: 'production', USERS_URL: 'http://u/graphql', GYMS_URL: 'http://g/graphql', SUBGRAPH_SECRET: 'x'.repeat(32) }).cors.origins).toEqual([]);
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://app.clmb.dev, http://localhost:5173', CORS_MAX_AGE_SECONDS: '60' }).cors).toEqual({
      origins: ['https://app.clmb.dev', 'http://localhost:5173'],
      maxAgeSeconds: 60,
    });
  });

  it('refuses * in production, and anything but origins', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS: \* is for development/);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: 'https://app.clmb.dev/login' })).toThrow(/CORS_ORIGINS: must be \* or a comma-separated list/);
  });
});
