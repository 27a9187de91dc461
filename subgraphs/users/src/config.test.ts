import { ConfigError } from '@clmb/common';
import { generateSigningKeys } from '@clmb/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';

let keys: Record<string, string>;
beforeAll(async () => {
  keys = await generateSigningKeys();
});

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const config = loadConfig(keys);
    expect({ ...config, jwt: { ...config.jwt, publicKey: '…', privateKey: '…' } }).toEqual({
      env: 'development',
      port: 4001,
      host: '0.0.0.0',
      logLevel: 'info',
      database: { url: undefined, pgliteDir: `${process.cwd()}/.data/users`, poolMax: 10 },
      migrateOnStart: true,
      jwt: { publicKey: '…', privateKey: '…', issuer: 'clmb', audience: 'clmb-api', accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30 },
      gymsUrl: 'http://localhost:4002/graphql',
      seedDemoData: 'auto',
    });
  });

  it('accepts PEMs with literal \\n, as env files carry them', () => {
    const oneLine = keys.JWT_PRIVATE_KEY!.replace(/\n/g, '\\n');
    expect(loadConfig({ ...keys, JWT_PRIVATE_KEY: oneLine }).jwt.privateKey).toBe(keys.JWT_PRIVATE_KEY!.trim());
  });

  it('names every bad variable at once', () => {
    const env = { JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, PORT: 'abc', GYMS_URL: 'not a url', ACCESS_TOKEN_TTL_SECONDS: '0' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PORT', 'GYMS_URL', 'ACCESS_TOKEN_TTL_SECONDS', 'JWT_PRIVATE_KEY']) expect(message).toContain(name);
  });

  it('refuses production without DATABASE_URL and GYMS_URL', () => {
    expect(() => loadConfig({ ...keys, NODE_ENV: 'production' })).toThrow(/DATABASE_URL[\s\S]*GYMS_URL/);
  });
});

