import { randomBytes } from 'node:crypto';
import { ConfigError } from '@clmb/common';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const JWT_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA\\n-----END PUBLIC KEY-----';

describe('loadConfig', () => {
  it('fills in the defaults', () => {
    const config = loadConfig({ JWT_PUBLIC_KEY });
    expect(config).toEqual({
      env: 'development',
      port: 4002,
      host: '0.0.0.0',
      logLevel: 'info',
      database: { url: undefined, pgliteDir: expect.stringMatching(/\/\.data\/gyms$/), poolMax: 10, timeouts: { statementMs: 8000, lockMs: 5000, idleInTransactionMs: 30000 } },
      migrateOnStart: true,
      jwt: { publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----', issuer: 'clmb', audience: 'clmb-api' },
      seedDemoData: 'auto',
      usersUrl: 'http://localhost:4001/graphql',
    });
    expect(loadConfig({ JWT_PUBLIC_KEY, PGLITE_DIR: 'memory://' }).database.pgliteDir).toBe('memory://');
  });

  it('names every bad variable at once', () => {
    const load = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', SEED_DEMO_DATA: 'yes' });
    expect(load).toThrow(ConfigError);
    for (const name of ['PORT', 'DATABASE_URL', 'JWT_PUBLIC_KEY', 'SEED_DEMO_DATA']) expect(load).toThrow(name);
  });

  it('refuses production without a Postgres DATABASE_URL, the router secret and the users service URL', () => {
    expect(() => loadConfig({ JWT_PUBLIC_KEY, NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL: is required when NODE_ENV=production[\s\S]*SUBGRAPH_SECRET: is required[\s\S]*USERS_URL: is required/,
    );
    const secret = randomBytes(32).toString('hex');
    const production = { JWT_PUBLIC_KEY, NODE_ENV: 'production', DATABASE_URL: 'postgres://gyms@db/clmb', SUBGRAPH_SECRET: secret, USERS_URL: 'http://users:4001/graphql' };
    const config = loadConfig(production);
    expect({ migrateOnStart: config.migrateOnStart, usersUrl: config.usersUrl }).toEqual({ migrateOnStart: false, usersUrl: 'http://users:4001/graphql' });
  });
});
