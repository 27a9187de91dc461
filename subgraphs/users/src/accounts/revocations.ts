import { createRevocationCache, type DeviceRevocation, type Logger, parseInput, type RevocationSource, type TokenRevocation } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { pruneExpiredDevices } from './device-store';
import { pruneExpiredEmailTokens } from './email-token-store';
import { pruneExpiredRefreshTokens } from './refresh-token-store';
import { findRevocationsAfter, insertDeviceRevocation, pruneRevocations, upsertRevocation } from './revocation-store';
import { raiseTokenGeneration } from './user-store';

/**
 * Revokes every access token of the user issued so far, across replicas and services: run it in
 * the transaction of the change that calls for it (log out everywhere, new password, new role,
 * disabled), then `ctx.revocations.note` the result once committed. Tokens signed afterwards
 * carry the new generation.
 */
export async function revokeAccessTokens(db: UsersDb, userId: string): Promise<TokenRevocation> {
  return upsertRevocation(db, userId, await raiseTokenGeneration(db, userId));
}

/** A deleted user's tokens: no generation is high enough, and the row outlives the user's. */
export const revokeAccessTokensForGood = (db: UsersDb, userId: string): Promise<TokenRevocation> => upsertRevocation(db, userId, 2_147_483_647);

/** This service's own verifier reads the table directly; the first read covers every token still alive. */
const revocationSource =
  (db: UsersDb, accessTokenTtlSeconds: number): RevocationSource =>
  (since) =>
    findRevocationsAfter(db, since ?? new Date(Date.now() - accessTokenTtlSeconds * 1000));

/** This process's revocation cache, loaded before the service answers its first request. */
export async function startRevocationCache(db: UsersDb, accessTokenTtlSeconds: number, logger: Logger) {
  const cache = createRevocationCache({
    source: revocationSource(db, accessTokenTtlSeconds),
    maxTokenAgeMs: accessTokenTtlSeconds * 1000,
    onError: (error) => logger.warn({ err: error }, 'could not refresh token revocations'),
  });
  await cache.refresh().catch((error: unknown) => {
    cache.stop();
    throw error;
  });
  return cache;
}

// The router and the gyms service ask through the subgraph (only they hold its secret).
const feedInput = z.object({ since: z.date().nullish() });

export async function tokenRevocations(ctx: Context, args: unknown) {
  const { since } = parseInput(feedInput, args);
  return revocationSource(ctx.db, ctx.accessTokenTtlSeconds)(since ?? null);
}

/** Housekeeping for logins: expired refresh tokens, devices and mailed tokens, and revocations (of users and devices) older than any live access token. */
export async function pruneLogins(db: UsersDb, accessTokenTtlSeconds: number): Promise<void> {
  await pruneExpiredRefreshTokens(db);
  await pruneExpiredDevices(db);
  await pruneExpiredEmailTokens(db);
  // A minute of slack for clock skew between this service and the verifiers.
  await pruneRevocations(db, new Date(Date.now() - (accessTokenTtlSeconds + 60) * 1000));
}
