import { randomBytes, randomInt } from 'node:crypto';
import { ForbiddenError } from '@clmb/common';
import type { UserRow } from '@clmb/drizzle/users';
import type { UsersDb } from '../db';
import { findUserByEmail, findUserByGoogleId, insertUserIfFree, linkGoogleId } from '../user-store';
import type { GoogleIdentity } from './google';

// Each round either finds the account or loses a race to a concurrent request; three are plenty.
const ROUNDS = 3;

/** Usernames follow the sign-up rule (3–32 of A–Z a–z 0–9 _ . -); the email's local part is the seed. */
export function usernameCandidates(identity: GoogleIdentity): string[] {
  const seed = (identity.email?.split('@')[0] ?? '').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 24);
  const base = seed.length >= 3 ? seed : 'climber';
  const numbered = () => `${base}-${randomInt(1000, 10_000)}`;
  return [base, numbered(), numbered(), numbered(), `climber-${randomBytes(6).toString('hex')}`];
}

/**
 * The account a verified Google identity signs in to: the one already linked to it; else the
 * account with the same email, if Google has verified that email (linked now); else a new
 * CLIMBER account without a password. Linking an unverified email would let anyone who creates
 * a Google account with someone else's address take over that person's account.
 */
export async function findOrCreateGoogleUser(db: UsersDb, identity: GoogleIdentity): Promise<UserRow> {
  for (let round = 0; round < ROUNDS; round++) {
    const linked = await findUserByGoogleId(db, identity.sub);
    if (linked) return linked;
    if (!identity.email || !identity.emailVerified) {
      throw new ForbiddenError('Google has not verified the email address of this account; sign up with a password instead.');
    }
    const existing = await findUserByEmail(db, identity.email);
    if (existing) {
      if (existing.googleId) throw new ForbiddenError('This email address is already linked to another Google account.');
      const user = await linkGoogleId(db, existing.id, identity.sub);
      if (user) return user;
      continue;
    }
    for (const username of usernameCandidates(identity)) {
      const user = await insertUserIfFree(db, {
        email: identity.email,
        username,
        passwordHash: null,
        googleId: identity.sub,
        firstName: identity.givenName?.slice(0, 64) ?? null,
        lastName: identity.familyName?.slice(0, 128) ?? null,
        role: 'CLIMBER',
      });
      if (user) return user;
      // Taken: by the username (try the next) or by a concurrent sign-in of this identity (look again).
      if ((await findUserByGoogleId(db, identity.sub)) || (await findUserByEmail(db, identity.email))) break;
    }
  }
  throw new Error(`could not find or create an account for Google subject ${identity.sub}`);
}
