import { loadMigrationSettings, envFields, parseEnv, requireInProduction, subgraphEnv, subgraphSettings } from '@clmb/common';
import { z } from 'zod';

const schema = z
  .object({
    ...subgraphEnv('users', 4001),
    JWT_PRIVATE_KEY: envFields.pem('PRIVATE'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    GYMS_URL: envFields.optionalUrl,
  })
  .superRefine(requireInProduction('DATABASE_URL', 'GYMS_URL', 'SUBGRAPH_SECRET'));

/** Everything the users service reads from its environment, validated once at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv) {
  const e = parseEnv(schema, env);
  const settings = subgraphSettings(e);
  return {
    ...settings,
    jwt: {
      ...settings.jwt,
      privateKey: e.JWT_PRIVATE_KEY,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    },
    gymsUrl: e.GYMS_URL ?? 'http://localhost:4002/graphql',
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** The migration step's configuration: only what reaches the database. */
export const loadMigrationConfig = (env: NodeJS.ProcessEnv) => loadMigrationSettings('users', env);
