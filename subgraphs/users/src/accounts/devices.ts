import { randomUUID } from 'node:crypto';
import { DAY_MS, type DeviceRevocation, fields, NotFoundError, parseInput, requireViewer } from '@clmb/common';
import type { DeviceRow, UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { assertAccess } from '../access';
import { newSecretToken } from './auth/tokens';
import { clientLabel } from './client-label';
import type { Context } from '../context';
import type { UsersDb } from '../db';
import { insertDevice, revokeAllDevices, revokeDevice as revokeDeviceRow } from './device-store';
import { insertRefreshToken, revokeAllRefreshTokens, revokeFamily } from './refresh-token-store';
import { revokeAccessTokens } from './revocations';
import { insertDeviceRevocation } from './revocation-store';


export const refreshExpiry = (ctx: Context) => new Date(Date.now() + ctx.refreshTokenTtlDays * DAY_MS);

/**
 * A new login: a device (labelled from the client's User-Agent, with its absolute lifetime) and
 * the first refresh token of its family, whose id is the device's.
 */
export async function startLogin(ctx: Context, userId: string, db: UsersDb): Promise<{ refreshToken: string; deviceId: string }> {
  const refresh = newSecretToken();
  const deviceId = randomUUID();
  const expiresAt = new Date(Date.now() + ctx.refreshFamilyLifetimeDays * DAY_MS);
  await insertDevice(db, { id: deviceId, userId, label: clientLabel(ctx.userAgent), expiresAt });
  await insertRefreshToken(db, { userId, familyId: deviceId, tokenHash: refresh.hash, expiresAt: refreshExpiry(ctx) });
  return { refreshToken: refresh.token, deviceId };
}

/**
 * Ends every login of the user and revokes their access tokens; in the caller's transaction.
 * The caller notes the returned revocation once committed.
 */
export async function endAllLogins(db: UsersDb, userId: string) {
  await revokeAllRefreshTokens(db, userId);
  await revokeAllDevices(db, userId);
  return revokeAccessTokens(db, userId);
}

/**
 * Ends one login, whatever state it is in: its refresh tokens, its device, and every access token
 * issued to it; in the caller's transaction. The caller notes the returned revocation once
 * committed.
 */
export async function endLogin(db: UsersDb, deviceId: string): Promise<DeviceRevocation> {
  await revokeFamily(db, deviceId);
  await revokeDeviceRow(db, deviceId);
  return insertDeviceRevocation(db, deviceId);
}

/** The most logins `User.devices` lists: older ones still work until they expire, listed no further. */
const MAX_LISTED_DEVICES = 20;

/** The user's active logins, the most recently used first; theirs alone (an ADMIN may look too). */
export async function devices(ctx: Context, user: UserRow): Promise<DeviceRow[]> {
  assertAccess(ctx.viewer, user.id, 'devices');
  const rows = await ctx.loaders.devicesByUserId.load(user.id);
  return rows.sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime()).slice(0, MAX_LISTED_DEVICES);
}

/** Whether the request's access token belongs to this login. */
export const isCurrent = (ctx: Context, device: DeviceRow): boolean => ctx.deviceId === device.id && ctx.viewer?.id === device.userId;

const revokeDeviceInput = z.object({ id: fields.id });

/**
 * Logs one of the viewer's devices out: its refresh tokens stop at once, its access tokens within
 * seconds everywhere. The viewer's other devices, this one included, are untouched.
 */
export async function revokeDevice(ctx: Context, args: unknown): Promise<string> {
  const { id: userId } = requireViewer(ctx.viewer);
  const { id } = parseInput(revokeDeviceInput, args);
  const revocation = await ctx.db.transaction(async (tx) => {
    // Only an active device of the viewer's: anything else is NOT_FOUND.
    if (!(await revokeDeviceRow(tx, id, userId))) return null;
    return endLogin(tx, id);
  });
  if (!revocation) throw new NotFoundError('Device', id);
  ctx.revocations.noteDevice(revocation);
  return id;
}

/** Every device of the viewer logged out, this one included; access tokens stop within seconds. */
export async function logOutEverywhere(ctx: Context): Promise<boolean> {
  const { id } = requireViewer(ctx.viewer);
  ctx.revocations.note(await ctx.db.transaction((tx) => endAllLogins(tx, id)));
  return true;
}
