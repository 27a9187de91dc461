import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnv } from './env';
import { requireInProduction, shouldSeed, subgraphEnv, subgraphSettings } from './subgraph-config';

const JWT_PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
const schema = z.object(subgraphEnv('demo', 4010)).superRefine(requireInProduction('DATABASE_URL'));
const settings = (env: Record<string, string>) => subgraphSettings(parseEnv(schema, { JWT_PUBLIC_KEY, ...env }));
const url = 'postgres://demo@db:5432/clmb';

describe('shouldSeed', () => {
  const seed = (env: Record<string, string>) => shouldSeed(settings(env));

  it('auto seeds only the embedded database outside production', () => {
    expect(seed({})).toBe(true);
    expect(seed({ DATABASE_URL: url })).toBe(false);
    expect(seed({ NODE_ENV: 'production', DATABASE_URL: url })).toBe(false);
  });

  it('true seeds Postgres too, but never production; false never seeds', () => {
    expect(seed({ SEED_DEMO_DATA: 'true', DATABASE_URL: url })).toBe(true);
    expect(seed({ SEED_DEMO_DATA: 'true', NODE_ENV: 'production', DATABASE_URL: url })).toBe(false);
    expect(seed({ SEED_DEMO_DATA: 'false' })).toBe(false);
  });
});

describe('migrateOnStart', () => {
  it('migrates at start in development, leaves it to the migration step in production, unless told', () => {
    expect(settings({}).migrateOnStart).toBe(true);
    expect(settings({ NODE_ENV: 'production', DATABASE_URL: url }).migrateOnStart).toBe(false);
    expect(settings({ NODE_ENV: 'production', DATABASE_URL: url, MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
  });
});
