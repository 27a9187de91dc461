import { randomBytes, randomInt } from 'node:crypto';
import { ForbiddenError } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import { z } from 'zod';
import type { GoogleIdentity } from './auth/google';
import type { UsersDb } from '../db';
import { findUserByEmail, findUserByGoogleId, insertUserIfFree, linkGoogleId } from './user-store';

// Each round either finds the account or loses a race to a concurrent request; three are plenty.
const ROUNDS = 3;

/** Usernames follow the sign-up rule (3–32 of A–Z a–z 0–9 _ . -); the email's local part is the seed. */
export function usernameCandidates(identity: GoogleIdentity): string[] {
  const seed = (identity.email?.split('@')[0] ?? '').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 24);
  const base = seed.length >= 3 ? seed : 'climber';
  const numbered = () => `${base}-${randomInt(1000, 10_000)}`;
  return [base, numbered(), numbered(), numbered(), `climber-${randomBytes(6).toString('hex')}`];
}

// Cut by code point, not UTF-16 unit, so no surrogate pair is split; the columns count characters.
const truncated = (max: number) =>
  z
    .string()
    .nullable()
    .transform((v) => (v ? Array.from(v).slice(0, max).join('') : null));

/**
 * What of a verified Google identity fits the user table. Names are only a profile's starting
 * point, so long ones are cut to their columns (first_name 64, last_name 128). The subject is
 * already capped by the verifier (OpenID Connect allows 255 characters); this is the column's
 * guard. The email is checked where it is needed, in `storableEmail`.
 */
const storableIdentity = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  givenName: truncated(64),
  familyName: truncated(128),
});

/**
 * The email is the account's key and is never cut, since a shortened address would be someone
 * else's: one longer than the column refuses the sign-in as FORBIDDEN, like an unverified one
 * (the client cannot fix it by changing its input). An account already linked to the Google
 * subject still signs in, whatever Google now says its email is.
 */
const storableEmail = z.string().max(255);

/** The account signed in to; `proved` when Google just proved its address, which no one had before. */
interface GoogleAccount {
  user: UserRow;
  proved: boolean;
}

/**
 * The account a verified Google identity signs in to: the one already linked to it; else the
 * account with the same email, if Google has verified that email (linked now, and its address
 * verified: `proved` when it was not, and the caller then ends whatever whoever signed up with
 * the address had set up, since it may not have been its owner); else a new CLIMBER account
 * without a password. Linking an email Google has not verified would let anyone who creates a
 * Google account with someone else's address take over that person's account.
 *
 * Run it in the transaction that also stores the login's first refresh token, so that a failure
 * after creating or linking the account leaves neither behind; it only reads and writes the
 * database (the token is verified before).
 */
export async function findOrCreateGoogleUser(db: UsersDb, verified: GoogleIdentity): Promise<GoogleAccount> {
  const parsed = storableIdentity.safeParse(verified);
  if (!parsed.success) throw new ForbiddenError('The Google account id is longer than 255 characters.');
  const identity = parsed.data;
  for (let round = 0; round < ROUNDS; round++) {
    const linked = await findUserByGoogleId(db, identity.sub);
    if (linked) return { user: linked, proved: false };
    if (!identity.email || !identity.emailVerified) {
      throw new ForbiddenError('Google has not verified the email address of this account; sign up with a password instead.');
    }
    if (!storableEmail.safeParse(identity.email).success) {
      throw new ForbiddenError('The email address of this Google account is longer than 255 characters, which clmb cannot store.');
    }
    const existing = await findUserByEmail(db, identity.email);
    if (existing) {
      if (existing.googleId) throw new ForbiddenError('This email address is already linked to another Google account.');
      const user = await linkGoogleId(db, existing.id, identity.sub);
      if (user) return { user, proved: !existing.emailVerified };
      continue;
    }
    for (const username of usernameCandidates(identity)) {
      const user = await insertUserIfFree(db, {
        email: identity.email,
        username,
        passwordHash: null,
        googleId: identity.sub,
        emailVerified: true,
        firstName: identity.givenName,
        lastName: identity.familyName,
        role: 'CLIMBER',
      });
      if (user) return { user, proved: false };
      // Taken: by the username (try the next) or by a concurrent sign-in of this identity (look again).
      if ((await findUserByGoogleId(db, identity.sub)) || (await findUserByEmail(db, identity.email))) break;
    }
  }
  throw new Error(`could not find or create an account for Google subject ${identity.sub}`);
}
