import { parseInput, UnauthenticatedError } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import { type AuthPayloadParent, authPayload } from './accounts';
import { hashSecretToken } from './auth/tokens';
import { touchDevice } from './device-store';
import { endLogin, refreshExpiry } from './devices';
import { findActiveFamily, rotateRefreshToken } from './refresh-token-store';

// Longer than any token we issue, short enough that hashing garbage costs nothing.
const refreshInput = z.object({ refreshToken: z.string().min(1, 'must not be empty').max(256, 'is not a refresh token') });

const INVALID_REFRESH = 'The refresh token is invalid or has expired; log in again.';

/**
 * Exchanges a refresh token for its successor, within its device's absolute lifetime. A replay
 * ends the device's login, access tokens included; a repeat within the grace window (a client's
 * race) gets the same successor.
 */
export async function refreshToken(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const input = parseInput(refreshInput, args);
  const next = ctx.refreshSuccessor(input.refreshToken);
  const successor = { tokenHash: next.hash, expiresAt: refreshExpiry(ctx) };
  const { rotation, ended } = await ctx.db.transaction(async (tx) => {
    const rotation = await rotateRefreshToken(tx, hashSecretToken(input.refreshToken), successor, ctx.refreshGraceSeconds);
    if (rotation.status === 'invalid') return {};
    if (rotation.status !== 'reused' && (await touchDevice(tx, rotation.familyId))) return { rotation };
    // A replay (a stolen token), or a device past its lifetime or logged out: the login ends.
    return { ended: await endLogin(tx, rotation.familyId) };
  });
  if (ended) ctx.revocations.noteDevice(ended);
  await ctx.pruneLogins();
  if (!rotation) throw new UnauthenticatedError(INVALID_REFRESH);
  const user = await ctx.loaders.userById.load(rotation.userId);
  if (!user || user.disabledAt) throw new UnauthenticatedError(INVALID_REFRESH);
  return authPayload(ctx, user, { refreshToken: next.token, deviceId: rotation.familyId });
}

/**
 * Logs this device out: its refresh token and the rest of its family at once, its access tokens
 * within seconds everywhere. True when it was active.
 */
export async function logOut(ctx: Context, args: unknown): Promise<boolean> {
  const input = parseInput(refreshInput, args);
  const ended = await ctx.db.transaction(async (tx) => {
    const login = await findActiveFamily(tx, hashSecretToken(input.refreshToken));
    return login && endLogin(tx, login.familyId);
  });
  if (ended) ctx.revocations.noteDevice(ended);
  return ended !== null;
}
