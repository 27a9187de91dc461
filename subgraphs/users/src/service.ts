import { createLocalEventBus, createLogger, createRedisEventPublisher, type EventBus, type EventPublisher, openServiceDatabase, publishToAll, type Service, serveSubgraph, shouldSeed, startObservability } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { startAccountServices } from './accounts/services';
import type { Config } from './config';
import { createContextFactory } from './context';
import { schema, type UsersDb } from './db';
import { gymsServices } from './gyms-client/services';
import { startClimbGradeBackfill } from './logbook/climb-grade-backfill';
import { startLegacySetterHandOver } from './accounts/legacy-setters';
import { createNotificationPruner } from './notifications/pruning';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';

export type { Service };

/** The running service, with what its tests reach past the API: its database and its event bus. */
export interface UsersService extends Service {
  db: UsersDb;
  events: EventBus;
}

interface ServiceOptions {
  /** Called once per SQL statement: query logging, and statement counting in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** Opens (and in development migrates and seeds) the database, and serves the subgraph over HTTP. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<UsersService> {
  // First: tracing (when configured) and METRICS_PORT decide what the HTTP app, the database and the logger do.
  await startObservability('users');
  const logger = createLogger('users', config.logLevel);
  const database = await openServiceDatabase('users', config, schema, migrationsFolder('users'), options.onQuery);
  let stopAccounts: (() => void) | undefined;
  let redis: (EventPublisher & { close(): void }) | undefined;
  try {
    const { db } = database;
    if (config.migrateOnStart) await database.migrate();
    if (shouldSeed(config) && (await seedDemoData(db))) logger.info('seeded demo data');
    const accounts = await startAccountServices(db, config, logger);
    stopAccounts = accounts.stop;
    // Every event goes to the in-process bus (GET /events) and, with REDIS_URL, to Redis.
    const bus = createLocalEventBus();
    redis = config.events.redisUrl ? await createRedisEventPublisher(config.events.redisUrl, config.events.prefix, logger) : undefined;
    const services = {
      db,
      logger,
      events: redis ? publishToAll(bus, redis) : bus,
      pruneNotifications: createNotificationPruner(db),
      ...gymsServices(config, logger),
      ...accounts.services,
    };
    const apollo = createApolloServer(config.env, logger);
    const service = await serveSubgraph({ settings: config, apollo, context: createContextFactory(services, accounts.verify), database, logger, events: bus });
    // Climbs logged before they kept their grade get it in the background; serving does not wait.
    const backfill = startClimbGradeBackfill(db, services.gymsFor(), logger);
    // Accounts of the retired global SETTER role become staff of every gym, then CLIMBER (docs/staff.md).
    const handOver = startLegacySetterHandOver(db, services.gymsFor(), logger);
    const stop = async () => {
      backfill.stop();
      handOver.stop();
      await Promise.all([backfill.done, handOver.done]);
      accounts.stop();
      await service.stop();
      redis?.close();
    };
    return { ...service, stop, db, events: bus };
  } catch (error) {
    stopAccounts?.();
    redis?.close();
    await database.close();
    throw error;
  }
}
