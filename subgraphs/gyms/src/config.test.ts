import { ConfigError } from '@clmb/common';
import { describe, expect, it } from 'vitest';
import { loadConfig, shouldSeed } from './config';

const JWT_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA\\n-----END PUBLIC KEY-----';

describe('loadConfig', () => {
  it('fills in the defaults', () => {
    const config = loadConfig({ JWT_PUBLIC_KEY });
    expect(config).toEqual({
      env: 'development',
      port: 4002,
      host: '0.0.0.0',
      logLevel: 'info',
      database: { url: undefined, pgliteDir: expect.stringMatching(/\/\.data\/gyms$/), poolMax: 10 },
      jwt: { publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----', issuer: 'clmb', audience: 'clmb-api' },
      seedDemoData: 'auto',
    });
    expect(loadConfig({ JWT_PUBLIC_KEY, PGLITE_DIR: 'memory://' }).database.pgliteDir).toBe('memory://');
  });

  it('names every bad variable at once', () => {
    const load = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', SEED_DEMO_DATA: 'yes' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*JWT_PUBLIC_KEY[\s\S]*SEED_DEMO_DATA/);
  });
});

describe('shouldSeed', () => {
  const seed = (env: Record<string, string>) => shouldSeed(loadConfig({ JWT_PUBLIC_KEY, ...env }));
  const url = 'postgres://gyms@db:5432/clmb';

  it('auto seeds only the embedded database outside production', () => {
    expect(seed({})).toBe(true);
    expect(seed({ DATABASE_URL: url })).toBe(false);
    expect(seed({ NODE_ENV: 'production' })).toBe(false);
  });

  it('true seeds Postgres too, but never production; false never seeds', () => {
    expect(seed({ SEED_DEMO_DATA: 'true', DATABASE_URL: url })).toBe(true);
    expect(seed({ SEED_DEMO_DATA: 'true', NODE_ENV: 'production' })).toBe(false);
    expect(seed({ SEED_DEMO_DATA: 'false' })).toBe(false);
  });
});
