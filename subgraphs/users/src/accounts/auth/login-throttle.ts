import { TooManyRequestsError } from '@clmb/common';
import type { UsersDb } from '../../db';
import { addressGroups } from '../client-address';
import { type Bucket, clearBuckets, clearBucketsBetween, hitBuckets, hitDelayedBucket, openCount } from './login-throttle-store';

interface LoginThrottleSettings {
  /** Failed log-ins in a row from one address on one account before each further try waits. */
  loginFailuresBeforeDelay: number;
  /** Failed log-ins on one account from all addresses; past it, an address group gets only its allowance of tries in a row. */
  loginFailuresPerAccount: number;
  loginPerAddress: number;
  loginWindowSeconds: number;
  signUpPerAddress: number;
  signUpWindowSeconds: number;
}

interface Limit extends Bucket {
  max: number;
}

/**
 * The tries in a row an address group gets on an account whatever the account's ceiling: enough
 * for the owner's typo and then the right password, too few to make guessing from many addresses pay.
 */
const TRIES_PAST_CEILING = 2;

// Every log-in key that names an account ends with its email, so erasing the account can forget them.
const accountKey = (email: string) => `login:account:${email.toLowerCase()}`;
const pairKey = (address: string, email: string) => `login:pair:${address}:${email.toLowerCase()}`;

/** Forgets the log-in counters that name `email` (an erased account's), in the caller's transaction. */
export const forgetEmail = (db: UsersDb, email: string) => clearBucketsBetween(db, 'login:', `:${email.toLowerCase()}`);

/**
 * Brute-force limits on log-in and sign-up, counted in Postgres so that every replica shares
 * them. Each attempt is counted before any password is hashed, so an attacker who is over a limit
 * costs a few indexed statements, not an argon2 hash. `prune` deletes closed windows; it is called
 * with every attempt and decides itself how often to run.
 *
 * The limits fall on the attacker, never on the owner: failures are counted per (account,
 * address group), with a progressive delay, and per address group (an IPv6 address counts in its
 * /64 and in its /48, see `addressGroups`). The per-account ceiling does not hold an address
 * group's first `TRIES_PAST_CEILING` tries in a row on the account: the owner arriving from
 * anywhere that has not failed on the account gets them, a typo included, however many other
 * addresses keep the account at its ceiling.
 */
export function createLoginThrottle(db: UsersDb, settings: LoginThrottleSettings, prune: () => Promise<void>) {
  async function consume(limits: Limit[]): Promise<void> {
    const hits = await hitBuckets(db, limits);
    const over = hits.filter((hit) => hit.count > (limits.find((l) => l.key === hit.key)?.max ?? Number.POSITIVE_INFINITY));
    await prune();
    if (over.length > 0) throw new TooManyRequestsError(Math.max(...over.map((hit) => hit.retryAfterSeconds)));
  }

  const window = settings.loginWindowSeconds;

  /** Limits of `max` per `prefix` and window, one for each group of `address`. */
  const perAddress = (prefix: string, address: string, max: number, windowSeconds: number): Limit[] =>
    addressGroups(address).map((group) => ({ key: `${prefix}${group}`, max, windowSeconds }));

  /** One password try on `email` from `address`: delayed after failures in a row, and the account ceiling. */
  async function passwordTry(address: string, email: string): Promise<void> {
    let tries = 0;
    for (const group of addressGroups(address)) {
      const pair = await hitDelayedBucket(db, { key: pairKey(group, email), windowSeconds: window, freeAttempts: settings.loginFailuresBeforeDelay });
      if (!pair.counted) throw new TooManyRequestsError(pair.retryAfterSeconds);
      tries = Math.max(tries, pair.count);
    }
    // `tries` counts this one.
    if (tries <= TRIES_PAST_CEILING) return;
    const account = await openCount(db, accountKey(email));
    if (account.count >= settings.loginFailuresPerAccount) throw new TooManyRequestsError(account.retryAfterSeconds);
  }

  return {
    /**
     * One log-in attempt from `address`, for `email` when the input had one. The address's count
     * covers successes too, so an attacker cannot reset it with an account of their own.
     */
    async logInAttempt(address: string, email: string | null): Promise<void> {
      await consume(perAddress('login:address:', address, settings.loginPerAddress, window));
      if (email) await passwordTry(address, email);
    },
    /** A wrong password: counts towards the account's ceiling (the pair was counted by the attempt). */
    logInFailed: async (email: string): Promise<void> => {
      await hitBuckets(db, [{ key: accountKey(email), windowSeconds: window }]);
    },
    /** The right password ends this address's (and its groups') failures in a row on the account. */
    logInSucceeded: (address: string, email: string) => clearBuckets(db, addressGroups(address).map((group) => pairKey(group, email))),
    /** A password check on a logged-in account (changing the password) counts as a log-in try. */
    passwordAttempt: passwordTry,
    /** A mail sent on request (verification again, password reset): 5 per hour and key. */
    mailAttempt: (key: string) => consume([{ key: `mail:${key}`, max: 5, windowSeconds: 3600 }]),
    /** A mail of `kind` requested from `address`: 5 per hour and address group. */
    addressMailAttempt: (kind: string, address: string) => consume(perAddress(`mail:${kind}:`, address, 5, 3600)),
    signUpAttempt: (address: string) => consume(perAddress('signup:address:', address, settings.signUpPerAddress, settings.signUpWindowSeconds)),
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
