import { atMostEvery, createAuthorizationVerifier, createLogger, openServiceDatabase, type Service, serveSubgraph, shouldSeed, startObservability } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createGoogleVerifier } from './accounts/auth/google';
import { createLoginThrottle } from './accounts/auth/login-throttle';
import { pruneExpired } from './accounts/auth/login-throttle-store';
import { assertKeyPair, createAccessTokenSigner, createRefreshSuccessor } from './accounts/auth/tokens';
import type { Config } from './config';
import { startClimbGradeBackfill } from './logbook/climb-grade-backfill';
import { createContextFactory, type Services } from './context';
import { schema } from './db';
import { createGradeSystemCache } from './gyms/grade-system-cache';
import { createGymsClient } from './gyms/gyms-client';
import { createMailer } from './accounts/mail/mailer';
import { pruneLogins, startRevocationCache } from './accounts/revocations';
import { seedDemoData } from './seed';
import { createApolloServer } from './server';

export type { Service };

export interface ServiceOptions {
  /** Called once per SQL statement: query logging, and statement counting in tests. */
  onQuery?: (sql: string, params: unknown[]) => void;
}

// Expired log-in throttle windows and refresh tokens are deleted at most once a minute per process,
// piggybacking on the writes that add them.
const PRUNE_EVERY_MS = 60_000;

/** Opens (and in development migrates and seeds) the database, and serves the subgraph over HTTP. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  // First: tracing (when configured) and METRICS_PORT decide what the HTTP app, the database and the logger do.
  await startObservability('users');
  const logger = createLogger('users', config.logLevel);
  const database = await openServiceDatabase('users', config, schema, migrationsFolder('users'), options.onQuery);
  let stopRevocations: (() => void) | undefined;
  try {
    const { db } = database;
    if (config.migrateOnStart) await database.migrate();
    if (shouldSeed(config) && (await seedDemoData(db))) logger.info('seeded demo data');

    const signAccessToken = await createAccessTokenSigner(config.jwt);
    const { accessTokenTtlSeconds } = config.jwt;
    const revocations = await startRevocationCache(db, accessTokenTtlSeconds, logger);
    const mailer = createMailer(config.mail, logger);
    stopRevocations = revocations.stop;
    const verify = await createAuthorizationVerifier(config.jwt.publicKey, config.jwt, revocations.minGeneration);
    await assertKeyPair(signAccessToken, verify);
    const gymsFor = (requestId?: string) => createGymsClient(config.gymsUrl, logger, config.subgraphSecret, requestId);
    const gyms = gymsFor();
    const services: Services = {
      db,
      logger,
      gymsFor,
      gradeSystems: createGradeSystemCache(gyms),
      signAccessToken,
      loginThrottle: createLoginThrottle(db, config.loginThrottle, atMostEvery(PRUNE_EVERY_MS, () => pruneExpired(db))),
      sendMail: mailer.send,
      appUrl: config.appUrl,
      verifyGoogleIdToken: config.google && createGoogleVerifier(config.google),
      accessTokenTtlSeconds,
      refreshTokenTtlDays: config.jwt.refreshTokenTtlDays,
      refreshFamilyLifetimeDays: config.jwt.refreshFamilyLifetimeDays,
      refreshGraceSeconds: config.jwt.refreshGraceSeconds,
      refreshSuccessor: createRefreshSuccessor(config.jwt.privateKey),
      revocations,
      pruneRefreshTokens: atMostEvery(PRUNE_EVERY_MS, () => pruneLogins(db, accessTokenTtlSeconds)),
    };
    const apollo = createApolloServer(config.env, logger);
    const service = await serveSubgraph({ settings: config, apollo, context: createContextFactory(services, verify), database, logger });
    // Climbs logged before they kept their grade get it in the background; serving does not wait.
    const backfill = startClimbGradeBackfill(db, gyms, logger);
    const stop = async () => {
      backfill.stop();
      await backfill.done;
      revocations.stop();
      mailer.close();
      return service.stop();
    };
    return { ...service, stop };
  } catch (error) {
    stopRevocations?.();
    await database.close();
    throw error;
  }
}
