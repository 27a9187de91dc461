import type { UsersDb } from '../db';
import { TooManyRequestsError } from '../errors';
import { type Bucket, clearBuckets, hitBuckets } from './rate-limit-store';

export interface RateLimitSettings {
  loginPerAccount: number;
  loginPerAddress: number;
  loginWindowSeconds: number;
  signUpPerAddress: number;
  signUpWindowSeconds: number;
}

interface Limit extends Bucket {
  max: number;
}

/**
 * Brute-force limits on log-in and sign-up, counted in Postgres so that every replica shares
 * them. Each attempt is counted before any password is hashed, so an attacker who is over a limit
 * costs one indexed upsert, not an argon2 hash. `prune` deletes closed windows; it is called
 * with every attempt and decides itself how often to run.
 */
export function createRateLimiter(db: UsersDb, settings: RateLimitSettings, prune: () => Promise<void>) {
  async function consume(limits: Limit[]): Promise<void> {
    const hits = await hitBuckets(db, limits);
    const over = hits.filter((hit) => hit.count > (limits.find((l) => l.key === hit.key)?.max ?? Number.POSITIVE_INFINITY));
    await prune();
    if (over.length > 0) throw new TooManyRequestsError(Math.max(...over.map((hit) => hit.retryAfterSeconds)));
  }

  const accountKey = (email: string) => `login:account:${email.toLowerCase()}`;
  const login = (max: number, key: string) => ({ key, max, windowSeconds: settings.loginWindowSeconds });

  return {
    /**
     * One log-in attempt from `address`, for `email` when the input had one. The account's count
     * is reset by `logInSucceeded`, so it counts failures in a row; the address's is not, so an
     * attacker cannot reset it with an account of their own.
     */
    logInAttempt: (address: string, email: string | null) =>
      consume([
        login(settings.loginPerAddress, `login:address:${address}`),
        ...(email ? [login(settings.loginPerAccount, accountKey(email))] : []),
      ]),
    logInSucceeded: (email: string) => clearBuckets(db, [accountKey(email)]),
    /** A password check on a logged-in account (changing the password) counts as a log-in to it. */
    passwordAttempt: (email: string) => consume([login(settings.loginPerAccount, accountKey(email))]),
    signUpAttempt: (address: string) =>
      consume([{ key: `signup:address:${address}`, max: settings.signUpPerAddress, windowSeconds: settings.signUpWindowSeconds }]),
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
