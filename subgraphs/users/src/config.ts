import { resolve } from 'node:path';
import { envFields, parseEnv } from '@clmb/common';
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: envFields.nodeEnv,
  PORT: envFields.port(4001),
  HOST: envFields.host,
  LOG_LEVEL: envFields.logLevel,
  DATABASE_URL: envFields.optionalUrl,
  PGLITE_DIR: z.string().min(1).default('.data/users'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  JWT_PUBLIC_KEY: envFields.pem('PUBLIC'),
  JWT_PRIVATE_KEY: envFields.pem('PRIVATE'),
  JWT_ISSUER: z.string().min(1).default('clmb'),
  JWT_AUDIENCE: z.string().min(1).default('clmb-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  GYMS_URL: z.url().default('http://localhost:4002/graphql'),
  SEED_DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
});

/** Everything the users service reads from its environment, validated once at start-up. */
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
    jwt: {
      publicKey: e.JWT_PUBLIC_KEY,
      privateKey: e.JWT_PRIVATE_KEY,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    },
    gymsUrl: e.GYMS_URL,
    seedDemoData: e.SEED_DEMO_DATA,
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** `auto` seeds only a throwaway local database; `true` forces it, except in production. */
export function shouldSeed(config: Config): boolean {
  if (config.env === 'production' || config.seedDemoData === 'false') return false;
  return config.seedDemoData === 'true' || !config.database.url;
}
