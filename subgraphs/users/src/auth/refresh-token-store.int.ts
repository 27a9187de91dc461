import { randomUUID } from 'node:crypto';
import { type DatabaseHandle, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createTestDatabase, type TestDatabase } from '@clmb/testkit';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '../db';
import { insertUser } from '../user-store';
import { insertRefreshToken, pruneExpiredRefreshTokens, rotateRefreshToken } from './refresh-token-store';

const { refreshTokens } = schema;
let testDb: TestDatabase;
let database: DatabaseHandle<typeof schema>;
let userId: string;

beforeAll(async () => {
  testDb = await createTestDatabase('users_refresh_token_store');
  database = await openDatabase({ url: testDb.env['DATABASE_URL'], service: 'users', schema, migrationsFolder: migrationsFolder('users') });
  await database.migrate();
  userId = (await insertUser(database.db, { email: 'ada@example.com', username: 'ada', passwordHash: null, role: 'CLIMBER' })).id;
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const HOUR = 3_600_000;
// The real clock, kept before any test mocks Date.now.
const now = Date.now.bind(Date);
// Tokens are written as they would be after their time: expired ones `hours` ago, live ones `hours` ahead.
const token = (hash: string, hours: number, options: { revoked?: boolean; familyId?: string } = {}) => ({
  userId,
  familyId: options.familyId ?? randomUUID(),
  tokenHash: hash,
  expiresAt: new Date(now() + hours * HOUR),
  revokedAt: options.revoked ? new Date(now() - HOUR) : null,
});
const left = async () =>
  (await database.db.select({ hash: refreshTokens.tokenHash }).from(refreshTokens).orderBy(asc(refreshTokens.tokenHash))).map((row) => row.hash);
const clear = () => database.db.delete(refreshTokens);
// The clock the once-a-minute throttle reads, moved minutes ahead. (PGlite's now() follows it too,
// so it moves by minutes only: the live tokens here expire in an hour.)
const at = (ms: number) => vi.spyOn(Date, 'now').mockReturnValue(ms);

describe('pruning refresh tokens', () => {
  it('deletes expired tokens, revoked or not, and keeps revoked ones until they expire', async () => {
    const family = randomUUID();
    await database.db
      .insert(refreshTokens)
      .values([
        token('expired', -1),
        token('expired-revoked', -2, { revoked: true }),
        token('live', 1),
        // Rotated, not yet expired: the evidence that a replay of it is a stolen token.
        token('rotated', 24, { revoked: true, familyId: family }),
        token('successor', 24, { familyId: family }),
      ]);
    await pruneExpiredRefreshTokens(database.db);
    expect(await left()).toEqual(['live', 'rotated', 'successor']);

    // Reuse detection still works: replaying the rotated token revokes its family.
    expect(await rotateRefreshToken(database.db, 'rotated', { tokenHash: 'thief', expiresAt: new Date(Date.now() + HOUR) })).toEqual({ status: 'reused' });
    const [successor] = await database.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, 'successor'));
    expect(successor?.revokedAt).toBeInstanceOf(Date);
    await clear();
  });

  it('deletes in batches, oldest first', async () => {
    await database.db.insert(refreshTokens).values([token('a', -3), token('b', -2), token('c', -1), token('d', 1)]);
    await pruneExpiredRefreshTokens(database.db, 2);
    expect(await left()).toEqual(['c', 'd']);
    await clear();
  });

  it('happens at most once a minute per process, on writes outside a transaction', async () => {
    const start = now() + 2 * 60_000;
    const live = () => ({ userId, familyId: randomUUID(), tokenHash: randomUUID().replaceAll('-', ''), expiresAt: new Date(now() + HOUR) });

    await database.db.insert(refreshTokens).values(token('old-1', -1));
    at(start);
    await insertRefreshToken(database.db, live());
    expect(await left()).not.toContain('old-1');

    await database.db.insert(refreshTokens).values(token('old-2', -1));
    at(start + 30_000);
    await insertRefreshToken(database.db, live());
    expect(await left()).toContain('old-2');

    // A write inside a caller's transaction (sign-up, Google sign-in) keeps it short: no pruning there.
    at(start + 61_000);
    await database.db.transaction((tx) => insertRefreshToken(tx, live()));
    expect(await left()).toContain('old-2');

    // A rotation prunes as well.
    await database.db.insert(refreshTokens).values(token('rotate-me', 1));
    expect(await rotateRefreshToken(database.db, 'rotate-me', { tokenHash: 'rotated-to', expiresAt: new Date(now() + HOUR) })).toEqual({
      status: 'rotated',
      userId,
    });
    expect(await left()).not.toContain('old-2');
  });
});
