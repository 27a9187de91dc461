import { createAuthorizationVerifier, createLogger, openServiceDatabase, type Service, serveSubgraph, shouldSeed, startObservability, watchTokenRevocations } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import type { Config } from './config';
import { createContextFactory } from './context';
import { schema } from './db';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';
import { createUsersClient } from './staff/users-client';

export type { Service };

interface ServiceOptions {
  /** Called for every SQL statement, e.g. to count them in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** Opens (and in development migrates and seeds) the database, and serves the subgraph over HTTP. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  // First: tracing (when configured) and METRICS_PORT decide what the HTTP app, the database and the logger do.
  await startObservability('gyms');
  const logger = createLogger('gyms', config.logLevel);
  const database = await openServiceDatabase('gyms', config, schema, migrationsFolder('gyms'), options.onQuery);
  let stopRevocations: (() => void) | undefined;
  try {
    if (config.migrateOnStart) await database.migrate();
    if (shouldSeed(config) && (await seedDemoData(database.db))) logger.info('seeded demo data');
    // A token revoked in the users service (log out everywhere, new role ...) stops here within a poll.
    const revocations = await watchTokenRevocations({ usersUrl: () => config.usersUrl, subgraphSecret: config.subgraphSecret, logger });
    stopRevocations = revocations.stop;
    const verify = await createAuthorizationVerifier(config.jwt.publicKey, config.jwt, revocations.isRevoked);
    const apollo = createApolloServer(config.env, logger);
    const users = createUsersClient(() => config.usersUrl, logger, config.subgraphSecret);
    const context = createContextFactory({ db: database.db, logger, users }, verify);
    const service = await serveSubgraph({ settings: config, apollo, context, database, logger });
    return {
      ...service,
      stop: () => {
        revocations.stop();
        return service.stop();
      },
    };
  } catch (error) {
    stopRevocations?.();
    await database.close();
    throw error;
  }
}
