import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const base = { JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----' };

describe('router CORS config', () => {
  it('allows any browser origin outside production, none in production unless CORS_ORIGINS lists them', () => {
    expect(loadConfig(base).cors).toEqual({ origins: '*', maxAgeSeconds: 600 });
    expect(loadConfig({ ...base, NODE_ENV: 'production', USERS_URL: 'http://u/graphql', GYMS_URL: 'http://g/graphql', SUBGRAPH_SECRET: randomBytes(32).toString('hex') }).cors.origins).toEqual([]);
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
