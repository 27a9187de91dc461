import { resolve } from 'node:path';
import { envFields, parseEnv } from '@clmb/common';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: envFields.nodeEnv,
  PORT: envFields.port(4002),
  HOST: envFields.host,
  LOG_LEVEL: envFields.logLevel,
  DATABASE_URL: envFields.optionalUrl,
  PGLITE_DIR: z.string().min(1).default('.data/gyms'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  JWT_PUBLIC_KEY: envFields.pem('PUBLIC'),
  JWT_ISSUER: z.string().min(1).default('clmb'),
  JWT_AUDIENCE: z.string().min(1).default('clmb-api'),
  SEED_DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
});

/** Everything the gyms service reads from its environment, validated once at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv) {
  const e = parseEnv(schema, env);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL,
      // memory:// is PGlite's in-memory mode, not a path.
      pgliteDir: e.PGLITE_DIR.startsWith('memory://') ? e.PGLITE_DIR : resolve(e.PGLITE_DIR),
      poolMax: e.DB_POOL_MAX,
    },
    jwt: { publicKey: e.JWT_PUBLIC_KEY, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    seedDemoData: e.SEED_DEMO_DATA,
  };
}

export type Config = ReturnType<typeof loadConfig>;

/**
 * `auto` seeds only a throwaway embedded database; `true` also seeds Postgres; neither ever seeds
 * production. Either way the seed itself only runs on empty tables.
 */
export function shouldSeed(config: Config): boolean {
  if (config.env === 'production' || config.seedDemoData === 'false') return false;
  return config.seedDemoData === 'true' || !config.database.url;
}
