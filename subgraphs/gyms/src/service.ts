import { mkdir } from 'node:fs/promises';
import { createAuthorizationVerifier, createHttpApp, createLogger, listen, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { shouldSeed, type Config } from './config';
import { contextFactory } from './context';
import { tables } from './database';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';

export interface Service {
  /** Base URL, e.g. http://localhost:4002; GraphQL is at `${url}/graphql`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Called for every SQL statement, e.g. to count them in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** Opens and migrates the database, seeds it when configured, and serves the subgraph over HTTP. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = createLogger('gyms', config.logLevel);
  const { url, pgliteDir, poolMax } = config.database;
  if (!url && !pgliteDir.startsWith('memory://')) await mkdir(pgliteDir, { recursive: true });
  const database = await openDatabase({
    url,
    dataDir: url ? undefined : pgliteDir,
    service: 'gyms',
    schema: tables,
    migrationsFolder: migrationsFolder('gyms'),
    maxConnections: poolMax,
    ...(options.onQuery && { onQuery: options.onQuery }),
  });
  try {
    await database.migrate();
    if (shouldSeed(config) && (await seedDemoData(database.db))) logger.info('seeded demo data');
    const verify = await createAuthorizationVerifier(config.jwt.publicKey, config.jwt);
    const apollo = createApolloServer(config, logger);
    await apollo.start();
    const app = createHttpApp({ apollo, context: contextFactory(database.db, verify), ready: database.ping, logger });
    const running = await listen(app, config.port, config.host).catch(async (error: unknown) => {
      await apollo.stop();
      throw error;
    });
    // Stopping twice (a test, then its cleanup) must not fail on an already closed database.
    let stopped: Promise<void> | undefined;
    const stop = async () => {
      await running.close();
      await apollo.stop();
      await database.close();
    };
    return {
      url: running.url,
      port: running.port,
      stop: () => (stopped ??= stop()),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
