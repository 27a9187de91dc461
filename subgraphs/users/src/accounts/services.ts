import { atMostEvery, createAuthorizationVerifier, type Logger, type VerifyAuthorization } from '@clmb/common';
import type { Config } from '../config';
import type { AccountServices } from '../context';
import type { UsersDb } from '../db';
import { createGoogleVerifier } from './auth/google';
import { createLoginThrottle } from './auth/login-throttle';
import { pruneExpired } from './auth/login-throttle-store';
import { assertKeyPair, createAccessTokenSigner, createRefreshSuccessor } from './auth/tokens';
import { createMailer } from './mail/mailer';
import { pruneLogins, startRevocationCache } from './revocations';

// Expired log-in throttle windows and what logins leave (pruneLogins) are deleted at most once a
// minute per process, piggybacking on the writes that add them.
const PRUNE_EVERY_MS = 60_000;

/**
 * Starts what accounts keep for the life of the process: the access token signer, checked against
 * the verifier every request's token goes through (`verify`); this process's revocation cache,
 * loaded before the first request; the mailer, the log-in throttle, Google sign-in when
 * configured, and the refresh token settings. `stop` ends the revocation polling and the mailer.
 */
export async function startAccountServices(
  db: UsersDb,
  config: Pick<Config, 'jwt' | 'mail' | 'appUrl' | 'google' | 'loginThrottle'>,
  logger: Logger,
): Promise<{ services: AccountServices; verify: VerifyAuthorization; stop(): void }> {
  const { jwt } = config;
  const signAccessToken = await createAccessTokenSigner(jwt);
  const revocations = await startRevocationCache(db, jwt.accessTokenTtlSeconds, logger);
  try {
    const verify = await createAuthorizationVerifier(jwt.publicKey, jwt, revocations.isRevoked);
    await assertKeyPair(signAccessToken, verify);
    const mailer = createMailer(config.mail, logger);
    const services: AccountServices = {
      signAccessToken,
      loginThrottle: createLoginThrottle(db, config.loginThrottle, atMostEvery(PRUNE_EVERY_MS, () => pruneExpired(db))),
      sendMail: mailer.send,
      appUrl: config.appUrl,
      verifyGoogleIdToken: config.google && createGoogleVerifier(config.google),
      accessTokenTtlSeconds: jwt.accessTokenTtlSeconds,
      refreshTokenTtlDays: jwt.refreshTokenTtlDays,
      refreshFamilyLifetimeDays: jwt.refreshFamilyLifetimeDays,
      refreshGraceSeconds: jwt.refreshGraceSeconds,
      refreshSuccessor: createRefreshSuccessor(jwt.privateKey),
      revocations,
      pruneLogins: atMostEvery(PRUNE_EVERY_MS, () => pruneLogins(db, jwt.accessTokenTtlSeconds)),
    };
    const stop = () => {
      revocations.stop();
      mailer.close();
    };
    return { services, verify, stop };
  } catch (error) {
    revocations.stop();
    throw error;
  }
}
