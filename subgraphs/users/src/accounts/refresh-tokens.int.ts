import { randomUUID } from 'node:crypto';
import { atMostEvery } from '@clmb/common';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as accounts from './accounts';
import * as refreshTokens from './refresh-tokens';
import { hashPassword } from './auth/passwords';
import { hashSecretToken } from './auth/tokens';
import { schema } from '../db';
import { pruneExpiredRefreshTokens } from './refresh-token-store';
import { openTestDatabase, testContext } from '../test-service';
import { insertUser } from './user-store';

const { deviceRevocations, devices, refreshTokens: tokens } = schema;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let userId: string;
let prune: () => Promise<void>;

beforeAll(async () => {
  database = await openTestDatabase('users_accounts_refresh_tokens');
  const passwordHash = await hashPassword('password1');
  userId = (await insertUser(database.db, { email: 'ada@example.com', username: 'ada', passwordHash, role: 'CLIMBER' })).id;
  // As the service wires it.
  prune = atMostEvery(60_000, () => pruneExpiredRefreshTokens(database.db));
});
afterAll(() => database?.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const HOUR = 3_600_000;
// The real clock, kept before any test mocks Date.now.
const now = Date.now.bind(Date);
const expired = (hash: string) => ({ userId, familyId: randomUUID(), tokenHash: hash, expiresAt: new Date(now() - HOUR) });
const left = async () => (await database.db.select({ hash: tokens.tokenHash }).from(tokens)).map((row) => row.hash);
// The clock the once-a-minute throttle reads, moved minutes ahead. (PGlite's now() follows it too,
// so it moves by minutes only: the live tokens here expire in days.)
const at = (ms: number) => vi.spyOn(Date, 'now').mockReturnValue(ms);
const context = () => testContext(database.db, { pruneLogins: prune });
const logIn = () => accounts.logIn(context(), { email: 'ada@example.com', password: 'password1' });

describe('pruning expired refresh tokens', () => {
  it('happens at most once a minute per process, on writes outside a transaction', async () => {
    const start = now() + 2 * 60_000;

    await database.db.insert(tokens).values(expired('old-1'));
    at(start);
    await logIn();
    expect(await left()).not.toContain('old-1');

    await database.db.insert(tokens).values(expired('old-2'));
    at(start + 30_000);
    const { refreshToken } = await logIn();
    expect(await left()).toContain('old-2');

    // A rotation prunes as well.
    at(start + 61_000);
    const rotated = await refreshTokens.refreshToken(context(), { refreshToken });
    expect(rotated.user.id).toBe(userId);
    expect(await left()).not.toContain('old-2');
  });
});

const refresh = (refreshToken: string, services = {}) => refreshTokens.refreshToken(testContext(database.db, services), { refreshToken });
const code = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: { extensions?: { code?: string } }) => error.extensions?.code);

describe('refresh races and lifetimes', () => {
  it('answers two concurrent refreshes of one token with the same successor, which then works', async () => {
    const { refreshToken } = await logIn();
    const [a, b] = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    expect(a.refreshToken).toBe(b.refreshToken);
    expect(await code(refresh(a.refreshToken))).toBe('OK');
  });

  it('treats a second refresh after the grace window as a replay, and ends the login: every token of its family and its access tokens revoked', async () => {
    const { refreshToken } = await logIn();
    const next = await refresh(refreshToken, { refreshGraceSeconds: 0 });
    expect(await code(refresh(refreshToken, { refreshGraceSeconds: 0 }))).toBe('UNAUTHENTICATED');
    // Read in the table: a revoked device alone would refuse the next refresh too.
    const [login] = await database.db.select({ familyId: tokens.familyId }).from(tokens).where(eq(tokens.tokenHash, hashSecretToken(refreshToken)));
    const family = await database.db.select({ revokedAt: tokens.revokedAt }).from(tokens).where(eq(tokens.familyId, login!.familyId));
    expect(family.map((token) => token.revokedAt instanceof Date)).toEqual([true, true]);
    expect(await code(refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
    // Whoever replayed may hold an access token of the login too: its device is in the revocation feed.
    const fed = await database.db.select({ deviceId: deviceRevocations.deviceId }).from(deviceRevocations).where(eq(deviceRevocations.deviceId, login!.familyId));
    expect(fed).toEqual([{ deviceId: login!.familyId }]);
  });

  it('ends a login at its absolute lifetime, however recently it was refreshed', async () => {
    const { refreshToken } = await logIn();
    const next = await refresh(refreshToken);
    // Its device reaches REFRESH_FAMILY_LIFETIME_DAYS (moved into the past rather than waited out).
    await database.db.update(devices).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(devices.userId, userId));
    expect(await code(refresh(next.refreshToken))).toBe('UNAUTHENTICATED');
  });
});
