import { parseInput, UnauthenticatedError } from '@clmb/common';
import { z } from 'zod';
import type { Context } from '../context';
import { type AuthPayloadParent, authPayload } from './accounts';
import { hashSecretToken } from './auth/tokens';
import { revokeDevice as revokeDeviceRow, touchDevice } from './device-store';
import { refreshExpiry } from './devices';
import { findActiveFamily, revokeFamily, rotateRefreshToken } from './refresh-token-store';

// Longer than any token we issue, short enough that hashing garbage costs nothing.
const refreshInput = z.object({ refreshToken: z.string().min(1, 'must not be empty').max(256, 'is not a refresh token') });

const INVALID_REFRESH = 'The refresh token is invalid or has expired; log in again.';

/**
 * Exchanges a refresh token for its successor, within its device's absolute lifetime. A replay
 * revokes the device; a repeat within the grace window (a client's race) gets the same successor.
 */
export async function refreshToken(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const input = parseInput(refreshInput, args);
  const next = ctx.refreshSuccessor(input.refreshToken);
  const successor = { tokenHash: next.hash, expiresAt: refreshExpiry(ctx) };
  const rotation = await ctx.db.transaction(async (tx) => {
    const rotation = await rotateRefreshToken(tx, hashSecretToken(input.refreshToken), successor, ctx.refreshGraceSeconds);
    if (rotation.status === 'invalid') return null;
    if (rotation.status !== 'reused' && (await touchDevice(tx, rotation.familyId))) return rotation;
    // A replay (a stolen token), or a device past its lifetime or logged out: the login ends.
    await revokeFamily(tx, rotation.familyId);
    await revokeDeviceRow(tx, rotation.familyId);
    return null;
  });
  await ctx.pruneLogins();
  if (!rotation) throw new UnauthenticatedError(INVALID_REFRESH);
  const user = await ctx.loaders.userById.load(rotation.userId);
  if (!user || user.disabledAt) throw new UnauthenticatedError(INVALID_REFRESH);
  return authPayload(ctx, user, { refreshToken: next.token, deviceId: rotation.familyId });
}

/** Logs this device out: its refresh token and the rest of its family. True when it was active. */
export async function logOut(ctx: Context, args: unknown): Promise<boolean> {
  const input = parseInput(refreshInput, args);
  return ctx.db.transaction(async (tx) => {
    const login = await findActiveFamily(tx, hashSecretToken(input.refreshToken));
    if (!login) return false;
    await revokeFamily(tx, login.familyId);
    await revokeDeviceRow(tx, login.familyId);
    return true;
  });
}
