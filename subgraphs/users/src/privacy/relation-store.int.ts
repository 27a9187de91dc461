import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type UsersDb } from '../db';
import { openTestDatabase } from '../test-service';
import { findAudience, findVisibilities } from './relation-store';

const { users, follows, blocks } = schema;

describe('a viewer\'s standing with climbers, in one statement', () => {
  let db: UsersDb;
  let close: () => Promise<void>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase('relations'));
    for (const [name, visibility] of [['viewer', 'FOLLOWERS'], ['followed', 'FOLLOWERS'], ['blocker', 'PUBLIC'], ['blockee', 'PRIVATE'], ['stranger', 'PUBLIC']] as const) {
      const [row] = await db.insert(users).values({ email: `${name}@example.com`, username: name, visibility }).returning({ id: users.id });
      ids[name] = row!.id;
    }
    await db.insert(follows).values([{ followerId: ids['viewer']!, followeeId: ids['followed']! }, { followerId: ids['viewer']!, followeeId: ids['blockee']! }]);
    await db.insert(blocks).values([{ blockerId: ids['blocker']!, blockedId: ids['viewer']! }, { blockerId: ids['viewer']!, blockedId: ids['blockee']! }]);
  });
  afterAll(() => close());

  it('tells follows and blocks either way round, and leaves out climbers without an account', async () => {
    const others = ['followed', 'blocker', 'blockee', 'stranger'].map((name) => ids[name]!);
    const rows = await findAudience(db, ids['viewer']!, [...others, '00000000-0000-4000-8000-000000000000']);
    const byName = Object.fromEntries(rows.map((row) => [Object.keys(ids).find((name) => ids[name] === row.ownerId), { ...row, ownerId: undefined }]));
    expect(byName).toEqual({
      followed: { visibility: 'FOLLOWERS', follows: true, blocked: false },
      blocker: { visibility: 'PUBLIC', follows: false, blocked: true },
      blockee: { visibility: 'PRIVATE', follows: true, blocked: true },
      stranger: { visibility: 'PUBLIC', follows: false, blocked: false },
    });
    expect((await findVisibilities(db, [ids['stranger']!])).map((row) => row.visibility)).toEqual(['PUBLIC']);
  });
});
