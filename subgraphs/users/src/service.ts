import { createAuthorizationVerifier, createLogger, openServiceDatabase, type Service, serveSubgraph, shouldSeed } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createAccounts } from './auth/accounts';
import { createGoogleVerifier } from './auth/google';
import { createRateLimiter } from './auth/rate-limit';
import { assertKeyPair, createAccessTokenSigner } from './auth/tokens';
import type { Config } from './config';
import { createContextFactory } from './context';
import { schema } from './db';
import { createGymsClient } from './gyms-client';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';

export type { Service };

export interface ServiceOptions {
  /** Called once per SQL statement: query logging, and statement counting in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

/** Opens (and in development migrates and seeds) the database, and serves the subgraph over HTTP. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = createLogger('users', config.logLevel);
  const database = await openServiceDatabase('users', config, schema, migrationsFolder('users'), options.onQuery);
  try {
    if (config.migrateOnStart) await database.migrate();
    if (shouldSeed(config)) await seedDemoData(database.db, logger);

    const signAccessToken = await createAccessTokenSigner(config.jwt);
    const verify = await createAuthorizationVerifier(config.jwt.publicKey, config.jwt);
    await assertKeyPair(signAccessToken, verify);
    const services = {
      db: database.db,
      accounts: createAccounts({
        db: database.db,
        signAccessToken,
        refreshTokenTtlDays: config.jwt.refreshTokenTtlDays,
        rateLimiter: createRateLimiter(database.db, config.rateLimits),
        verifyGoogleIdToken: config.google && createGoogleVerifier(config.google),
      }),
      gyms: createGymsClient(config.gymsUrl, logger, config.subgraphSecret),
      logger,
    };
    const apollo = createApolloServer(config.env, logger);
    return await serveSubgraph({ settings: config, apollo, context: createContextFactory(services, verify), database, logger });
  } catch (error) {
    await database.close();
    throw error;
  }
}
