import { chmod, mkdir } from 'node:fs/promises';
import type { ApolloServer, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { type DatabaseHandle, openDatabase } from './db';
import { eventStreamRoute } from './event-transports';
import { createLocalEventBus, type EventStream } from './events';
import { compactJson, databaseTimeout, maskUnexpectedErrors } from './errors';
import { createHttpApp, type HttpAppOptions, listen } from './http';
import { createLogger, type Logger } from './logger';
import { isDatabaseTimeout } from './pg-errors';
import { releaseRequestContexts } from './graphql-http';
import { requestMetricsPlugin } from './request-metrics';
import type { DatabaseSettings, SubgraphSettings } from './subgraph-config';
import { requireSubgraphSecret } from './subgraph-secret';
import { flushTraces } from './tracing';

/** The service's database: Postgres when DATABASE_URL is set, else PGlite in PGLITE_DIR. */
export async function openServiceDatabase<TSchema extends Record<string, unknown>>(
  service: string,
  settings: DatabaseSettings,
  schema: TSchema,
  migrationsFolder: string,
  onQuery?: (sql: string, params: unknown[]) => void,
): Promise<DatabaseHandle<TSchema>> {
  const { url, pgliteDir, poolMax, timeouts } = settings.database;
  // PGlite creates its data directory (0755) but not the parents (`.data/`). It holds accounts:
  // readable by its owner only, also when an older start made it.
  if (!url && !pgliteDir.startsWith('memory://')) {
    await mkdir(pgliteDir, { recursive: true, mode: 0o700 });
    await chmod(pgliteDir, 0o700);
  }
  return openDatabase({
    url,
    dataDir: url ? undefined : pgliteDir,
    service,
    schema,
    migrationsFolder,
    maxConnections: poolMax,
    timeouts,
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
  /** What `GET /events` streams to routers without Redis: the service's in-process bus (none: an idle stream). */
  events?: EventStream;
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
  const events = eventStreamRoute(options.events ?? createLocalEventBus());
  app.get('/events', ...(subgraphSecret ? [requireSubgraphSecret(subgraphSecret)] : []), events.handler);
  const http = await listen(app, settings.port, settings.host).catch(async (error: unknown) => {
    await apollo.stop();
    throw error;
  });
  logger.info({ url: `${http.url}/graphql`, driver: database.driver }, 'subgraph listening');
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    events.close();
    await http.close();
    await apollo.stop();
    await database.close();
    await flushTraces();
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
 * reports to Apollo; traces go to OpenTelemetry), compact JSON (`compactJson`), no cache-control plugin (it computes a hint per
 * resolved field; the router reads the `@cacheControl` hints from the supergraph instead), request
 * metrics. None of the plugins hooks `willResolveField`: the compiled operation (`compiledExecution`) calls resolvers directly.
 */
export function subgraphApolloOptions(env: SubgraphSettings['env'], logger: Logger) {
  const masking = maskUnexpectedErrors(logger);
  return {
    // A lock or statement timeout is the database's answer, not a bug: the client may try again (still logged).
    formatError: (formatted: GraphQLFormattedError, error: unknown) =>
      isDatabaseTimeout(unwrapResolverError(error)) ? databaseTimeout(formatted) : masking.formatError(formatted),
    stringifyResult: compactJson,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    introspection: env !== 'production',
    logger,
    plugins: [
      masking.plugin,
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requestMetricsPlugin(),
      releaseRequestContexts(),
      ...(env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  };
}
