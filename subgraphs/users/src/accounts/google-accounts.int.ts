import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as accounts from './accounts';
import type { GoogleIdentity } from './auth/google';
import { schema, type UsersDb } from '../db';
import { openTestDatabase, testContext } from '../test-service';
import { markEmailVerified } from './user-store';

// What the API tests (accounts.google.int.ts) cannot reach: a sign-in that fails after the account
// was written (its signer fails), and the guard behind Google's verifier.
const { users, refreshTokens } = schema;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: UsersDb;
// The Google token itself is verified elsewhere (accounts.google.int.ts); here the verifier hands over an identity.
let identity: GoogleIdentity;
// Signing the access token is the last step of a login, inside the transaction: failing it must undo the rest.
let signerFails = false;

beforeAll(async () => {
  database = await openTestDatabase('users_google_accounts');
  db = database.db;
});
afterAll(() => database?.close());

// A new context for every call, as every request gets one.
const context = () =>
  testContext(db, {
    signAccessToken: async (user) => {
      if (signerFails) throw new Error('signer down');
      return { token: `access-${user.id}`, expiresAt: new Date(Date.now() + 900_000) };
    },
    verifyGoogleIdToken: async () => identity,
  });

const google = (claims: Partial<GoogleIdentity> & { sub: string; email: string }): GoogleIdentity => ({
  emailVerified: true,
  givenName: null,
  familyName: null,
  ...claims,
});
const logInWithGoogle = (who: GoogleIdentity) => {
  identity = who;
  return accounts.logInWithGoogle(context(), { idToken: 'token' });
};
const userByEmail = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0];
const tokensOf = (userId: string) => db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId));
const failing = async <T>(run: () => Promise<T>) => {
  signerFails = true;
  try {
    return await run().then(
      () => 'succeeded',
      (error: Error) => error.message,
    );
  } finally {
    signerFails = false;
  }
};

describe('logInWithGoogle writes the account and its first login in one transaction', () => {
  it('a failed first sign-in leaves no account behind; the next one creates it with one login', async () => {
    expect(await failing(() => logInWithGoogle(google({ sub: 'g-ada', email: 'ada@gmail.com' })))).toBe('signer down');
    expect(await userByEmail('ada@gmail.com')).toBeUndefined();

    const payload = await logInWithGoogle(google({ sub: 'g-ada', email: 'ada@gmail.com' }));
    expect(payload.user).toMatchObject({ email: 'ada@gmail.com', googleId: 'g-ada', username: 'ada', passwordHash: null });
    expect(await tokensOf(payload.user.id)).toHaveLength(1);
  });

  it('a failed first sign-in does not link a password account; the next one does', async () => {
    await accounts.signUp(context(), { email: 'grace@example.com', username: 'grace', password: 'password1' });
    const grace = (await userByEmail('grace@example.com'))!;
    // As the link mailed at sign-up would (only a verified account is linked).
    await markEmailVerified(db, grace.id, 'grace@example.com');
    expect(await failing(() => logInWithGoogle(google({ sub: 'g-grace', email: 'grace@example.com' })))).toBe('signer down');
    expect(await userByEmail('grace@example.com')).toMatchObject({ googleId: null });
    expect(await tokensOf(grace.id)).toHaveLength(0);

    const linked = await logInWithGoogle(google({ sub: 'g-grace', email: 'grace@example.com' }));
    expect(linked.user).toMatchObject({ id: grace.id, googleId: 'g-grace' });
    expect(await tokensOf(grace.id)).toHaveLength(1);
  });
});

describe('findOrCreateGoogleUser stores only what fits', () => {
  it('refuses a subject longer than the column as FORBIDDEN (the verifier already refuses it)', async () => {
    await expect(logInWithGoogle(google({ sub: 's'.repeat(256), email: 'sub@gmail.com' }))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});
