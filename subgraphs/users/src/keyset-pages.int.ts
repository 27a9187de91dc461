import type { KeysetCursor } from '@clmb/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema, type UsersDb } from './db';
import { findRatingPages } from './community/rating-store';
import { findSessionPages } from './logbook/session-store';
import { openTestDatabase } from './test-service';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: UsersDb;
beforeAll(async () => {
  database = await openTestDatabase('users_keyset_page');
  db = database.db;
});
afterAll(() => database?.close());

const routeId = '00000000-0000-4000-8000-000000000001';
const gymId = '00000000-0000-4000-8000-000000000002';
// Three moments within one millisecond: a cursor carries milliseconds (an ISO date-time).
const moments = ['2026-03-01 18:00:00.123100+00', '2026-03-01 18:00:00.123200+00', '2026-03-01 18:00:00.123300+00'];

/** Every row of one parent, one page of one row at a time, following each page's last row as the cursor. */
async function pageThrough<R extends { id: string }>(find: (after: KeysetCursor | null) => Promise<R[]>, timeOf: (row: R) => Date): Promise<string[]> {
  const seen: string[] = [];
  let after: KeysetCursor | null = null;
  for (let i = 0; i < 5; i++) {
    const [row] = await find(after);
    if (!row) break;
    seen.push(row.id);
    after = { time: timeOf(row), id: row.id };
  }
  return seen;
}

it('pages through rows made within one millisecond without skipping or repeating any', async () => {
  const climbers = await db
    .insert(schema.users)
    .values(['a', 'b', 'c'].map((name) => ({ email: `${name}@example.com`, username: name })))
    .returning();
  const rated = await db
    .insert(schema.ratings)
    .values(climbers.map((user, i) => ({ userId: user.id, routeId, stars: 3, createdAt: sql`${moments[i]}::timestamptz` })))
    .returning();
  const sessions = await db
    .insert(schema.sessions)
    .values(moments.map((moment) => ({ userId: climbers[0]!.id, gymId, startTime: sql`${moment}::timestamptz` })))
    .returning();

  const ratingIds = await pageThrough((after) => findRatingPages(db, [routeId], 1, after), (row) => row.createdAt);
  expect(new Set(ratingIds)).toEqual(new Set(rated.map((row) => row.id)));
  expect(ratingIds).toHaveLength(3);
  const sessionIds = await pageThrough((after) => findSessionPages(db, [climbers[0]!.id], 1, after, { allowed: ['PUBLIC', 'FOLLOWERS', 'PRIVATE'] }), (row) => row.startTime);
  expect(new Set(sessionIds)).toEqual(new Set(sessions.map((row) => row.id)));
  expect(sessionIds).toHaveLength(3);
});
