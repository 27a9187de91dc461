import { createAuthorizationVerifier, createLogger, openServiceDatabase, type Service, serveSubgraph, shouldSeed, startObservability } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import type { Config } from './config';
import { createContextFactory } from './context';
import { schema } from './db';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';

export type { Service };

export interface ServiceOptions {
  /** Called for every SQL statement, e.g. to count them in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** Opens (and in development migrates and seeds) the database, and serves the subgraph over HTTP. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  // First: tracing (when configured) and METRICS_PORT decide what the HTTP app, the database and the logger do.
  await startObservability('gyms');
  const logger = createLogger('gyms', config.logLevel);
  const database = await openServiceDatabase('gyms', config, schema, migrationsFolder('gyms'), options.onQuery);
  try {
    if (config.migrateOnStart) await database.migrate();
    if (shouldSeed(config) && (await seedDemoData(database.db))) logger.info('seeded demo data');
    const verify = await createAuthorizationVerifier(config.jwt.publicKey, config.jwt);
    const apollo = createApolloServer(config.env, logger);
    const context = createContextFactory({ db: database.db, logger }, verify);
    return await serveSubgraph({ settings: config, apollo, context, database, logger });
  } catch (error) {
    await database.close();
    throw error;
  }
}
