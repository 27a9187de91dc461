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
});
