import { randomUUID } from 'node:crypto';
import { BadUserInputError, ForbiddenError, fields, parseInput, requireViewer, UnauthenticatedError, type Viewer } from '@clmb/common';
import { z } from 'zod';
import type { UsersDb } from '../db';
import { findUserByEmail, findUsersByIds, insertUser } from '../user-store';
import type { VerifyGoogleIdToken } from './google';
import { findOrCreateGoogleUser } from './google-accounts';
import { hashPassword, verifyPassword } from './passwords';
import type { RateLimiter } from './rate-limit';
import { changePasswordAndRevokeAll, insertRefreshToken, revokeRefreshToken, rotateRefreshToken } from './refresh-token-store';
import { hashRefreshToken, newRefreshToken, type AuthPayloadParent, type SignAccessToken } from './tokens';

const password = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');
// Longer than any token we issue, short enough that hashing garbage costs nothing.
const refreshToken = z.string().min(1, 'must not be empty').max(256, 'is not a refresh token');

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
const refreshInput = z.object({ refreshToken });
const changePasswordInput = z
  .object({ currentPassword: z.string().max(128, 'is not your current password'), newPassword: password })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: 'must differ from the current password' });
// Google ID tokens are about 1 KB; the cap keeps garbage from reaching the JWT parser.
const googleInput = z.object({ idToken: z.string().min(1, 'must not be empty').max(4096, 'is not a Google ID token') });

const INVALID_LOGIN = 'Invalid email or password.';
const INVALID_REFRESH = 'The refresh token is invalid or has expired; log in again.';

export interface AccountsOptions {
  db: UsersDb;
  signAccessToken: SignAccessToken;
  refreshTokenTtlDays: number;
  rateLimiter: RateLimiter;
  /** Null when Google sign-in is not configured. */
  verifyGoogleIdToken: VerifyGoogleIdToken | null;
}

/**
 * Sign-up, log-in (password or Google), password change and the refresh-token lifecycle; the
 * resolvers only pass arguments through. `address` is the client's, for the brute-force limits,
 * which are checked before any password is hashed.
 */
export function createAccounts({ db, signAccessToken, refreshTokenTtlDays, rateLimiter, verifyGoogleIdToken }: AccountsOptions) {
  const refreshExpiry = () => new Date(Date.now() + refreshTokenTtlDays * 86_400_000);

  async function payload(user: AuthPayloadParent['user'], refresh: string): Promise<AuthPayloadParent> {
    const access = await signAccessToken(user);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh, user };
  }

  // Every log-in starts a new family, so a replayed token revokes only that login's tokens.
  async function startFamily(user: AuthPayloadParent['user'], executor: UsersDb = db): Promise<AuthPayloadParent> {
    const refresh = newRefreshToken();
    await insertRefreshToken(executor, { userId: user.id, familyId: randomUUID(), tokenHash: refresh.hash, expiresAt: refreshExpiry() });
    return payload(user, refresh.token);
  }

  return {
    async signUp(args: unknown, address: string): Promise<AuthPayloadParent> {
      const input = parseInput(signUpInput, args);
      await rateLimiter.signUpAttempt(address);
      // Hashed before the transaction: argon2 is slow on purpose and must not hold it open.
      const passwordHash = await hashPassword(input.password);
      // The account and its first login together, or neither.
      return db.transaction(async (tx) => {
        const user = await insertUser(tx, {
          email: input.email,
          username: input.username,
          passwordHash,
          firstName: input.firstName,
          lastName: input.lastName,
          role: 'CLIMBER',
        });
        return startFamily(user, tx);
      });
    },

    async logIn(args: unknown, address: string): Promise<AuthPayloadParent> {
      const parsed = logInInput.safeParse(args);
      await rateLimiter.logInAttempt(address, parsed.success ? parsed.data.email : null);
      const user = parsed.success ? await findUserByEmail(db, parsed.data.email) : null;
      // An account without a password (Google only) fails here like a wrong password.
      const ok = await verifyPassword(user?.passwordHash, parsed.success ? parsed.data.password : '');
      if (!user || !ok) throw new UnauthenticatedError(INVALID_LOGIN);
      await rateLimiter.logInSucceeded(user.email);
      return startFamily(user);
    },

    async logInWithGoogle(args: unknown, address: string): Promise<AuthPayloadParent> {
      if (!verifyGoogleIdToken) throw new ForbiddenError('Google sign-in is not configured.');
      const input = parseInput(googleInput, args);
      await rateLimiter.logInAttempt(address, null);
      // Verified before the transaction: it may fetch Google's keys, and must not hold one open.
      const identity = await verifyGoogleIdToken(input.idToken);
      // The account (created or linked) and its first login together, or neither.
      return db.transaction(async (tx) => startFamily(await findOrCreateGoogleUser(tx, identity), tx));
    },

    /** Checks the current password, then logs out every device and starts a new login here. */
    async changePassword(viewer: Viewer | null, args: unknown): Promise<AuthPayloadParent> {
      const { id } = requireViewer(viewer);
      const input = parseInput(changePasswordInput, args);
      const [user] = await findUsersByIds(db, [id]);
      if (!user) throw new UnauthenticatedError('Your account no longer exists.');
      if (!user.passwordHash) {
        throw new BadUserInputError('input.currentPassword: this account has no password; it signs in with Google', 'input.currentPassword');
      }
      // A stolen access token must not turn into unlimited guesses at the password.
      await rateLimiter.passwordAttempt(user.email);
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new BadUserInputError('input.currentPassword: is not your current password', 'input.currentPassword');
      }
      await rateLimiter.logInSucceeded(user.email);
      const refresh = newRefreshToken();
      const passwordHash = await hashPassword(input.newPassword);
      await changePasswordAndRevokeAll(db, user.id, passwordHash, { familyId: randomUUID(), tokenHash: refresh.hash, expiresAt: refreshExpiry() });
      return payload({ ...user, passwordHash }, refresh.token);
    },

    async refresh(args: unknown): Promise<AuthPayloadParent> {
      const input = parseInput(refreshInput, args);
      const next = newRefreshToken();
      const rotation = await rotateRefreshToken(db, hashRefreshToken(input.refreshToken), {
        tokenHash: next.hash,
        expiresAt: refreshExpiry(),
      });
      if (rotation.status !== 'rotated') throw new UnauthenticatedError(INVALID_REFRESH);
      const [user] = await findUsersByIds(db, [rotation.userId]);
      if (!user) throw new UnauthenticatedError(INVALID_REFRESH);
      return payload(user, next.token);
    },

    async logOut(args: unknown): Promise<boolean> {
      const input = parseInput(refreshInput, args);
      return revokeRefreshToken(db, hashRefreshToken(input.refreshToken));
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
