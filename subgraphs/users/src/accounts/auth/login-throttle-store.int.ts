import { type DatabaseHandle, openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createTestDatabase, type TestDatabase } from '@clmb/testkit';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db';
import { forgetEmail } from './login-throttle';
import { clearBuckets, hitBuckets, hitDelayedBucket, pruneExpired } from './login-throttle-store';

const { rateLimits } = schema;
let testDb: TestDatabase;
let database: DatabaseHandle<typeof schema>;

beforeAll(async () => {
  testDb = await createTestDatabase('users_login_throttle_store');
  database = await openDatabase({ url: testDb.env['DATABASE_URL'], service: 'users', schema, migrationsFolder: migrationsFolder('users') });
  await database.migrate();
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

// Windows are moved into the past rather than waited out.
const expire = (key: string) => database.db.update(rateLimits).set({ resetAt: sql`now() - interval '1 second'` }).where(eq(rateLimits.key, key));

describe('log-in throttle counters', () => {
  it('count attempts per key within a window, several keys in one statement', async () => {
    const buckets = [
      { key: 'a', windowSeconds: 60 },
      { key: 'b', windowSeconds: 3600 },
    ];
    await hitBuckets(database.db, buckets);
    const hits = await hitBuckets(database.db, buckets);
    expect(hits.sort((x, y) => x.key.localeCompare(y.key))).toEqual([
      { key: 'a', count: 2, retryAfterSeconds: expect.any(Number) },
      { key: 'b', count: 2, retryAfterSeconds: expect.any(Number) },
    ]);
    expect(hits[0]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(hits[1]!.retryAfterSeconds).toBeGreaterThan(60);
  });

  it('start a new window once the old one has closed', async () => {
    await expire('a');
    expect(await hitBuckets(database.db, [{ key: 'a', windowSeconds: 60 }])).toEqual([{ key: 'a', count: 1, retryAfterSeconds: expect.any(Number) }]);
  });

  it('count concurrent attempts exactly', async () => {
    const hits = await Promise.all(Array.from({ length: 20 }, () => hitBuckets(database.db, [{ key: 'c', windowSeconds: 60 }])));
    expect(hits.map(([hit]) => hit!.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('forget a key when cleared, and prune only closed windows', async () => {
    await clearBuckets(database.db, ['c']);
    await hitBuckets(database.db, [{ key: 'd', windowSeconds: 60 }]);
    await expire('d');
    await pruneExpired(database.db);
    const left = await database.db.select({ key: rateLimits.key }).from(rateLimits).orderBy(asc(rateLimits.key));
    expect(left).toEqual([{ key: 'a' }, { key: 'b' }]);
  });

  it('forget the log-in keys that name an erased account’s email, and no other', async () => {
    const keys = ['login:account:ada@example.com', 'login:pair:192.0.2.1:ada@example.com', 'login:account:bada@example.com', 'mail:reset:ada@example.com'];
    await hitBuckets(database.db, keys.map((key) => ({ key, windowSeconds: 60 })));
    await forgetEmail(database.db, 'Ada@Example.com');
    const left = await database.db.select({ key: rateLimits.key }).from(rateLimits).orderBy(asc(rateLimits.key));
    expect(left).toEqual([{ key: 'a' }, { key: 'b' }, { key: 'login:account:bada@example.com' }, { key: 'mail:reset:ada@example.com' }]);
  });
});

describe('progressive delay', () => {
  const bucket = { key: 'pair', windowSeconds: 900, freeAttempts: 2 };
  // The delay is moved into the past rather than waited out.
  const unblock = () => database.db.update(rateLimits).set({ blockedUntil: sql`now()` }).where(eq(rateLimits.key, 'pair'));

  it('lets the free attempts through, then doubles the wait after each counted one', async () => {
    expect(await hitDelayedBucket(database.db, bucket)).toMatchObject({ counted: true, count: 1 });
    expect(await hitDelayedBucket(database.db, bucket)).toMatchObject({ counted: true, count: 2, retryAfterSeconds: 2 });
    const waits = [];
    for (let i = 0; i < 3; i++) {
      const refused = await hitDelayedBucket(database.db, bucket);
      expect(refused).toMatchObject({ counted: false });
      waits.push(refused.retryAfterSeconds);
      await unblock();
      expect(await hitDelayedBucket(database.db, bucket)).toMatchObject({ counted: true, count: 3 + i });
    }
    expect(waits).toEqual([2, 4, 8]);
  });

  it('counts concurrent attempts exactly: only the free ones are counted', async () => {
    const key = { ...bucket, key: 'pair-concurrent' };
    const hits = await Promise.all(Array.from({ length: 10 }, () => hitDelayedBucket(database.db, key)));
    expect(hits.filter((hit) => hit.counted)).toHaveLength(2);
  });
});
