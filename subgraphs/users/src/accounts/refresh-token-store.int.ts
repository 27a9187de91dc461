import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db';
import { pruneExpiredRefreshTokens, rotateRefreshToken } from './refresh-token-store';
import { openTestDatabase } from '../test-service';
import { insertUser } from './user-store';

const { refreshTokens } = schema;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let userId: string;

beforeAll(async () => {
  database = await openTestDatabase('users_refresh_token_store');
  userId = (await insertUser(database.db, { email: 'ada@example.com', username: 'ada', passwordHash: null, role: 'CLIMBER' })).id;
});
afterAll(() => database?.close());

const HOUR = 3_600_000;
// Tokens are written as they would be after their time: expired ones `hours` ago, live ones `hours` ahead.
const token = (hash: string, hours: number, options: { revoked?: boolean; familyId?: string } = {}) => ({
  userId,
  familyId: options.familyId ?? randomUUID(),
  tokenHash: hash,
  expiresAt: new Date(Date.now() + hours * HOUR),
  revokedAt: options.revoked ? new Date(Date.now() - HOUR) : null,
});
const left = async () =>
  (await database.db.select({ hash: refreshTokens.tokenHash }).from(refreshTokens).orderBy(asc(refreshTokens.tokenHash))).map((row) => row.hash);
const clear = () => database.db.delete(refreshTokens);

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

    // Reuse detection still works: a replay of the rotated token is told apart, and the caller
    // revokes its family (accounts.int.ts: "revokes the whole family when a spent token is replayed").
    expect(await rotateRefreshToken(database.db, 'rotated', { tokenHash: 'thief', expiresAt: new Date(Date.now() + HOUR) }, 10)).toEqual({
      status: 'reused',
      familyId: family,
    });
    await clear();
  });

  it('deletes in batches, oldest first', async () => {
    await database.db.insert(refreshTokens).values([token('a', -3), token('b', -2), token('c', -1), token('d', 1)]);
    await pruneExpiredRefreshTokens(database.db, 2);
    expect(await left()).toEqual(['c', 'd']);
    await clear();
  });
});
