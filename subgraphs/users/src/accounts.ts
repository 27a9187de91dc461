import { randomUUID } from 'node:crypto';
import { BadUserInputError, ForbiddenError, fields, parseInput, prime, requireViewer, UnauthenticatedError } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import { hashPassword, verifyPassword } from './auth/passwords';
import { hashRefreshToken, newRefreshToken } from './auth/tokens';
import type { Context } from './context';
import type { UsersDb } from './db';
import { findOrCreateGoogleUser } from './google-accounts';
import { insertRefreshToken, revokeAllRefreshTokens, revokeRefreshToken, rotateRefreshToken } from './refresh-token-store';
import { findUserByEmail, insertUser, setPasswordHash } from './user-store';

/** What the AuthPayload resolvers get: tokens as issued, and the user they belong to. */
export interface AuthPayloadParent {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserRow;
}

const password = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');
// Longer than any token we issue, short enough that hashing garbage costs nothing.
const presentedToken = z.string().min(1, 'must not be empty').max(256, 'is not a refresh token');

const signUpInput = z.object({
  email: fields.email,
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, 'must be 3 to 32 letters, digits, _, - or .'),
  password,
  firstName: fields.optionalText(64),
  lastName: fields.optionalText(128),
});
const logInInput = z.object({ email: z.string().max(255).transform((v) => v.trim().toLowerCase()), password: z.string().max(128) });
const refreshInput = z.object({ refreshToken: presentedToken });
const changePasswordInput = z
  .object({ currentPassword: z.string().max(128, 'is not your current password'), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: 'must differ from the current password' });
// Google ID tokens are about 1 KB; the cap keeps garbage from reaching the JWT parser.
const googleInput = z.object({ idToken: z.string().min(1, 'must not be empty').max(4096, 'is not a Google ID token') });

const INVALID_LOGIN = 'Invalid email or password.';
const INVALID_REFRESH = 'The refresh token is invalid or has expired; log in again.';

const refreshExpiry = (ctx: Context) => new Date(Date.now() + ctx.refreshTokenTtlDays * 86_400_000);

// Whoever just proved who they are reads their payload's user as themselves (email, sessions),
// whatever token came with the request; the rest of the operation keeps the request's viewer.
async function payload(ctx: Context, user: UserRow, refresh: string): Promise<AuthPayloadParent> {
  const access = await ctx.signAccessToken(user);
  ctx.authenticated.add(prime(ctx.loaders.userById, user));
  return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh, user };
}

// Every log-in starts a new family, so a replayed token revokes only that login's tokens.
async function startFamily(ctx: Context, user: UserRow, db: UsersDb = ctx.db): Promise<AuthPayloadParent> {
  const refresh = newRefreshToken();
  await insertRefreshToken(db, { userId: user.id, familyId: randomUUID(), tokenHash: refresh.hash, expiresAt: refreshExpiry(ctx) });
  // Never inside a caller's transaction (sign-up, Google sign-in), which stays short.
  if (db === ctx.db) await ctx.pruneRefreshTokens();
  return payload(ctx, user, refresh.token);
}

/** Brute-force limits are checked before any password is hashed. */
export async function signUp(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const input = parseInput(signUpInput, args);
  await ctx.rateLimiter.signUpAttempt(ctx.clientAddress);
  // Hashed before the transaction: argon2 is slow on purpose and must not hold it open.
  const passwordHash = await hashPassword(input.password);
  // The account and its first login together, or neither.
  return ctx.db.transaction(async (tx) => {
    const { email, username, firstName, lastName } = input;
    return startFamily(ctx, await insertUser(tx, { email, username, passwordHash, firstName, lastName, role: 'CLIMBER' }), tx);
  });
}

export async function logIn(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const parsed = logInInput.safeParse(args);
  await ctx.rateLimiter.logInAttempt(ctx.clientAddress, parsed.success ? parsed.data.email : null);
  const user = parsed.success ? await findUserByEmail(ctx.db, parsed.data.email) : null;
  // An account without a password (Google only) fails here like a wrong password.
  const ok = await verifyPassword(user?.passwordHash, parsed.success ? parsed.data.password : '');
  if (!user || !ok) {
    if (parsed.success) await ctx.rateLimiter.logInFailed(parsed.data.email);
    throw new UnauthenticatedError(INVALID_LOGIN);
  }
  await ctx.rateLimiter.logInSucceeded(ctx.clientAddress, user.email);
  return startFamily(ctx, user);
}

export async function logInWithGoogle(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const verifyGoogleIdToken = ctx.verifyGoogleIdToken;
  if (!verifyGoogleIdToken) throw new ForbiddenError('Google sign-in is not configured.');
  const input = parseInput(googleInput, args);
  await ctx.rateLimiter.logInAttempt(ctx.clientAddress, null);
  // Verified before the transaction: it may fetch Google's keys, and must not hold one open.
  const identity = await verifyGoogleIdToken(input.idToken);
  // The account (created or linked) and its first login together, or neither.
  return ctx.db.transaction(async (tx) => startFamily(ctx, await findOrCreateGoogleUser(tx, identity), tx));
}

/** Checks the current password, then logs out every device and starts a new login here. */
export async function changePassword(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const { id } = requireViewer(ctx.viewer);
  const input = parseInput(changePasswordInput, args);
  const user = await ctx.loaders.userById.load(id);
  if (!user) throw new UnauthenticatedError('Your account no longer exists.');
  if (!user.passwordHash) {
    throw new BadUserInputError('input.currentPassword: this account has no password; it signs in with Google', 'input.currentPassword');
  }
  // A stolen access token must not turn into unlimited guesses at the password.
  await ctx.rateLimiter.passwordAttempt(ctx.clientAddress, user.email);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await ctx.rateLimiter.logInFailed(user.email);
    throw new BadUserInputError('input.currentPassword: is not your current password', 'input.currentPassword');
  }
  await ctx.rateLimiter.logInSucceeded(ctx.clientAddress, user.email);
  const refresh = newRefreshToken();
  const passwordHash = await hashPassword(input.newPassword);
  // Atomically: the new hash, every device logged out (whoever learnt the old password too), and
  // a new login for the device that made the change.
  await ctx.db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await revokeAllRefreshTokens(tx, user.id);
    await insertRefreshToken(tx, { userId: user.id, familyId: randomUUID(), tokenHash: refresh.hash, expiresAt: refreshExpiry(ctx) });
  });
  return payload(ctx, { ...user, passwordHash }, refresh.token);
}

export async function refreshToken(ctx: Context, args: unknown): Promise<AuthPayloadParent> {
  const input = parseInput(refreshInput, args);
  const next = newRefreshToken();
  const rotation = await rotateRefreshToken(ctx.db, hashRefreshToken(input.refreshToken), { tokenHash: next.hash, expiresAt: refreshExpiry(ctx) });
  await ctx.pruneRefreshTokens();
  if (rotation.status !== 'rotated') throw new UnauthenticatedError(INVALID_REFRESH);
  const user = await ctx.loaders.userById.load(rotation.userId);
  if (!user) throw new UnauthenticatedError(INVALID_REFRESH);
  return payload(ctx, user, next.token);
}

export async function logOut(ctx: Context, args: unknown): Promise<boolean> {
  const input = parseInput(refreshInput, args);
  return revokeRefreshToken(ctx.db, hashRefreshToken(input.refreshToken));
}
