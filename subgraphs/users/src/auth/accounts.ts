import { randomUUID } from 'node:crypto';
import { fields, parseInput, UnauthenticatedError } from '@clmb/common';
import { z } from 'zod';
import type { UsersDb } from '../db';
import { findUserByEmail, findUsersByIds, insertUser } from '../user-store';
import { hashPassword, verifyPassword } from './passwords';
import { insertRefreshToken, revokeRefreshToken, rotateRefreshToken } from './refresh-token-store';
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

const INVALID_LOGIN = 'Invalid email or password.';
const INVALID_REFRESH = 'The refresh token is invalid or has expired; log in again.';

export interface AccountsOptions {
  db: UsersDb;
  signAccessToken: SignAccessToken;
  refreshTokenTtlDays: number;
}

/** Sign-up, log-in and the refresh-token lifecycle; the resolvers only pass arguments through. */
export function createAccounts({ db, signAccessToken, refreshTokenTtlDays }: AccountsOptions) {
  const refreshExpiry = () => new Date(Date.now() + refreshTokenTtlDays * 86_400_000);

  async function payload(user: AuthPayloadParent['user'], refresh: string): Promise<AuthPayloadParent> {
    const access = await signAccessToken(user);
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh, user };
  }

  // Every log-in starts a new family, so a replayed token revokes only that login's tokens.
  async function startFamily(user: AuthPayloadParent['user']): Promise<AuthPayloadParent> {
    const refresh = newRefreshToken();
    await insertRefreshToken(db, { userId: user.id, familyId: randomUUID(), tokenHash: refresh.hash, expiresAt: refreshExpiry() });
    return payload(user, refresh.token);
  }

  return {
    async signUp(args: unknown): Promise<AuthPayloadParent> {
      const input = parseInput(signUpInput, args);
      const user = await insertUser(db, {
        email: input.email,
        username: input.username,
        passwordHash: await hashPassword(input.password),
        firstName: input.firstName,
        lastName: input.lastName,
        role: 'CLIMBER',
      });
      return startFamily(user);
    },

    async logIn(args: unknown): Promise<AuthPayloadParent> {
      const parsed = logInInput.safeParse(args);
      const user = parsed.success ? await findUserByEmail(db, parsed.data.email) : null;
      const ok = await verifyPassword(user?.passwordHash, parsed.success ? parsed.data.password : '');
      if (!user || !ok) throw new UnauthenticatedError(INVALID_LOGIN);
      return startFamily(user);
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
