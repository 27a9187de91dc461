import { mkdir } from 'node:fs/promises';
import { createAuthorizationVerifier, createHttpApp, createLogger, listen, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createAccounts } from './auth/accounts';
import { assertKeyPair, createAccessTokenSigner } from './auth/tokens';
import { shouldSeed, type Config } from './config';
import { createContextFactory } from './context';
import { schema } from './db';
import { createGymsClient } from './gyms-client';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';

export interface Service {
  /** Base URL, e.g. http://localhost:4001; GraphQL is at `${url}/graphql`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Called once per SQL statement: query logging, and statement counting in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = createLogger('users', config.logLevel);
  const { url, pgliteDir, poolMax } = config.database;
  // PGlite creates its data directory but not the parents (`.data/`).
  if (!url && !pgliteDir.startsWith('memory://')) await mkdir(pgliteDir, { recursive: true });
  const database = await openDatabase({
    url,
    dataDir: url ? undefined : pgliteDir,
    service: 'users',
    schema,
    migrationsFolder: migrationsFolder('users'),
    maxConnections: poolMax,
    ...(options.onQuery && { onQuery: options.onQuery }),
  });
  try {
    await database.migrate();
    if (shouldSeed(config)) await seedDemoData(database.db, logger);

    const signAccessToken = await createAccessTokenSigner(config.jwt);
    const verify = await createAuthorizationVerifier(config.jwt.publicKey, config.jwt);
    await assertKeyPair(signAccessToken, verify);
    const services = {
      db: database.db,
      accounts: createAccounts({ db: database.db, signAccessToken, refreshTokenTtlDays: config.jwt.refreshTokenTtlDays }),
      gyms: createGymsClient(config.gymsUrl, logger),
      logger,
    };
    const apollo = createApolloServer({ env: config.env, logger });
    await apollo.start();
    const app = createHttpApp({ apollo, context: createContextFactory(services, verify), ready: database.ping, logger });
    const http = await listen(app, config.port, config.host).catch(async (error: unknown) => {
      await apollo.stop();
      throw error;
    });
    // Idempotent: a test or a signal handler may stop a service that is already stopping.
    let stopping: Promise<void> | undefined;
    const stop = async () => {
      await http.close();
      await apollo.stop();
      await database.close();
    };
    return { url: http.url, port: http.port, stop: () => (stopping ??= stop()) };
  } catch (error) {
    await database.close();
    throw error;
  }
}
