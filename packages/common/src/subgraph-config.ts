import { resolve } from 'node:path';
import { z } from 'zod';
import { envFields, parseEnv } from './env';
import { subgraphSecretField } from './subgraph-secret';

/** What a subgraph needs to reach its database: the service and its migration step alike. */
const databaseEnv = (service: string) => ({
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  DATABASE_URL: envFields.optionalUrl,
  PGLITE_DIR: z.string().min(1).default(`.data/${service}`),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  // Below the router's 10 s SUBGRAPH_TIMEOUT_MS: the client hears DATABASE_TIMEOUT, not that the service did not answer.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(8_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
});

/** The environment every subgraph reads, besides its own variables. */
export const subgraphEnv = (service: string, port: number) => ({
  ...databaseEnv(service),
  PORT: envFields.port(port),
  HOST: envFields.host,
  MIGRATE_ON_START: z.enum(['true', 'false']).optional(),
  JWT_PUBLIC_KEY: envFields.pem('PUBLIC'),
  JWT_ISSUER: z.string().min(1).default('clmb'),
  JWT_AUDIENCE: z.string().min(1).default('clmb-api'),
  SEED_DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
  SUBGRAPH_SECRET: subgraphSecretField,
});

type DatabaseEnv = z.infer<z.ZodObject<ReturnType<typeof databaseEnv>>>;

function databaseSettings(e: DatabaseEnv) {
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    database: {
      url: e.DATABASE_URL,
      // memory:// is PGlite's in-memory mode, not a path.
      pgliteDir: e.PGLITE_DIR.startsWith('memory://') ? e.PGLITE_DIR : resolve(e.PGLITE_DIR),
      poolMax: e.DB_POOL_MAX,
      timeouts: { statementMs: e.DB_STATEMENT_TIMEOUT_MS, lockMs: e.DB_LOCK_TIMEOUT_MS, idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS },
    },
  };
}

export type DatabaseSettings = ReturnType<typeof databaseSettings>;

/**
 * The migration step's configuration: the database and nothing else, so a migration Job holds no
 * signing key or router secret.
 */
export const loadMigrationSettings = (service: string, env: NodeJS.ProcessEnv): DatabaseSettings =>
  databaseSettings(parseEnv(z.object(databaseEnv(service)).superRefine(requireInProduction('DATABASE_URL')), env));

type SubgraphEnv = z.infer<z.ZodObject<ReturnType<typeof subgraphEnv>>>;

export function subgraphSettings(e: SubgraphEnv) {
  return {
    ...databaseSettings(e),
    port: e.PORT,
    host: e.HOST,
    // In production a separate migration step (compose service, Kubernetes Job) owns the schema.
    migrateOnStart: e.MIGRATE_ON_START ? e.MIGRATE_ON_START === 'true' : e.NODE_ENV !== 'production',
    jwt: { publicKey: e.JWT_PUBLIC_KEY, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    seedDemoData: e.SEED_DEMO_DATA,
    /** Unset only in development and tests: production requires it (see requireInProduction). */
    subgraphSecret: e.SUBGRAPH_SECRET,
  };
}

export type SubgraphSettings = ReturnType<typeof subgraphSettings>;

/**
 * For `superRefine`: variables with a development default (embedded database, localhost URLs)
 * that a production deployment must set explicitly.
 */
export const requireInProduction =
  (...names: string[]) =>
  (env: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (env['NODE_ENV'] !== 'production') return;
    for (const name of names) {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production' });
    }
  };

/**
 * `auto` seeds only an embedded database; `true` also seeds Postgres; nothing ever seeds
 * production. The seed itself only writes into empty tables.
 */
export function shouldSeed(settings: SubgraphSettings): boolean {
  if (settings.env === 'production' || settings.seedDemoData === 'false') return false;
  return settings.seedDemoData === 'true' || !settings.database.url;
}
