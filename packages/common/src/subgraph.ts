import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { z } from 'zod';
import { type DatabaseHandle, openDatabase } from './db';
import { envFields, parseEnv } from './env';
import { requireSubgraphSecret, subgraphSecretField } from './subgraph-secret';
import { maskUnexpectedErrors } from './errors';
import { createHttpApp, type HttpAppOptions, listen } from './http';
import { createLogger, type Logger } from './logger';

/** What a subgraph needs to reach its database: the service and its migration step alike. */
const databaseEnv = (service: string) => ({
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  DATABASE_URL: envFields.optionalUrl,
  PGLITE_DIR: z.string().min(1).default(`.data/${service}`),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
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

/** The service's database: Postgres when DATABASE_URL is set, else PGlite in PGLITE_DIR. */
export async function openServiceDatabase<TSchema extends Record<string, unknown>>(
  service: string,
  settings: DatabaseSettings,
  schema: TSchema,
  migrationsFolder: string,
  onQuery?: (sql: string, params: unknown[]) => void,
): Promise<DatabaseHandle<TSchema>> {
  const { url, pgliteDir, poolMax } = settings.database;
  // PGlite creates its data directory but not the parents (`.data/`).
  if (!url && !pgliteDir.startsWith('memory://')) await mkdir(pgliteDir, { recursive: true });
  return openDatabase({
    url,
    dataDir: url ? undefined : pgliteDir,
    service,
    schema,
    migrationsFolder,
    maxConnections: poolMax,
    ...(onQuery && { onQuery }),
  });
}

export interface Service {
  /** Base URL, e.g. http://localhost:4002; GraphQL is at `${url}/graphql`. */
  url: string;
  port: number;
  /** Drains HTTP, stops Apollo, closes the database; safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Serves a started subgraph: `/graphql`, `/health`, `/ready` (database reachable). On failure to
 * listen, and on stop, releases the Apollo server and the database.
 */
export async function serveSubgraph<TContext extends BaseContext>(options: {
  settings: SubgraphSettings;
  apollo: ApolloServer<TContext>;
  context: HttpAppOptions<TContext>['context'];
  database: DatabaseHandle<Record<string, unknown>>;
  logger: Logger;
}): Promise<Service> {
  const { settings, apollo, database, logger } = options;
  await apollo.start();
  const { subgraphSecret } = settings;
  if (!subgraphSecret) logger.warn('SUBGRAPH_SECRET is not set: anyone who can reach this subgraph can query it');
  const app = createHttpApp({
    apollo,
    context: options.context,
    ready: database.ping,
    logger,
    ...(subgraphSecret && { guard: requireSubgraphSecret(subgraphSecret) }),
  });
  const http = await listen(app, settings.port, settings.host).catch(async (error: unknown) => {
    await apollo.stop();
    throw error;
  });
  logger.info({ url: `${http.url}/graphql`, driver: database.driver }, 'subgraph listening');
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    await http.close();
    await apollo.stop();
    await database.close();
  };
  return { url: http.url, port: http.port, stop: () => (stopping ??= stop()) };
}

/**
 * The one-shot migration entry point of a deployment: applies the service's migrations and exits
 * 0, or prints why not and exits 1.
 */
export async function runMigrations<TSchema extends Record<string, unknown>>(
  service: string,
  settings: DatabaseSettings,
  schema: TSchema,
  migrationsFolder: string,
): Promise<void> {
  const logger = createLogger(`${service}-migrate`, settings.logLevel);
  try {
    const database = await openServiceDatabase(service, settings, schema, migrationsFolder);
    try {
      await database.migrate();
      logger.info({ driver: database.driver }, 'migrations applied');
    } finally {
      await database.close();
    }
  } catch (error) {
    logger.error({ err: error }, 'migrations failed');
    process.exitCode = 1;
  }
}

/**
 * Apollo Server options every subgraph shares: errors masked, no stack traces, our own signal
 * handling, introspection and a landing page only outside production, no inline traces (nothing
 * reports to Apollo).
 */
export function subgraphApolloOptions(env: SubgraphSettings['env'], logger: Logger) {
  return {
    formatError: maskUnexpectedErrors(logger),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    introspection: env !== 'production',
    logger,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : [])],
  };
}
