import type { KeysetCursor } from '@clmb/common';
import { rowsRead, type SentStatement } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executeRows, schema, type UsersDb } from './db';
import { findRatingPages } from './community/rating-store';
import { findSessionPages } from './logbook/session-store';
import { openTestDatabase } from './test-service';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: UsersDb;
/** The statements sent, with their parameters. */
const sent: SentStatement[] = [];
beforeAll(async () => {
  database = await openTestDatabase('users_keyset_page', (query, params) => sent.push({ query, params }));
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
  const sessionIds = await pageThrough(
    async (after) => (await findSessionPages(db, [climbers[0]!.id], 1, after, { allowed: ['PUBLIC', 'FOLLOWERS', 'PRIVATE'] })).map((row) => row.session),
    (row) => row.startTime,
  );
  expect(new Set(sessionIds)).toEqual(new Set(sessions.map((row) => row.id)));
  expect(sessionIds).toHaveLength(3);
});

it("reads a page's own rows of each parent, not every row the parent ever had", async () => {
  const [long, short] = await db
    .insert(schema.users)
    .values(['long', 'short'].map((name) => ({ email: `${name}@example.com`, username: name })))
    .returning();
  // 2,000 sessions for one climber, 3 for the other.
  for (const [user, count] of [
    [long!, 2_000],
    [short!, 3],
  ] as const) {
    await db.execute(sql`insert into users.session (user_id, gym_id, start_time)
      select ${user.id}, ${gymId}, timestamptz '2026-03-01 18:00+00' - make_interval(hours => i) from generate_series(1, ${count}) i`);
  }
  // As autovacuum would after such a load: the planner then knows a climber's sessions are many.
  await db.execute(sql`analyze users.session`);
  const allowed = { allowed: ['PUBLIC', 'FOLLOWERS', 'PRIVATE'] };
  const page = async (after: KeysetCursor | null) => {
    sent.length = 0;
    const rows = (await findSessionPages(db, [long!.id, short!.id], 21, after, allowed)).map((row) => row.session);
    const statement = sent.find(({ query }) => query.includes('"users"."session"'));
    if (!statement) throw new Error('no statement read sessions');
    return { rows, statement };
  };

  const first = await page(null);
  expect(first.rows.filter((row) => row.userId === long!.id)).toHaveLength(21);
  expect(first.rows.filter((row) => row.userId === short!.id)).toHaveLength(3);
  expect(await rowsRead(db, first.statement, 'session')).toBeLessThanOrEqual(21 + 3);

  const last = first.rows.filter((row) => row.userId === long!.id)[19]!;
  const second = await page({ time: last.startTime, id: last.id });
  expect(second.rows[0]!.startTime.getTime()).toBeLessThan(last.startTime.getTime());
  expect(await rowsRead(db, second.statement, 'session')).toBeLessThanOrEqual(21 + 3);
});

/** A statement's parameter as an SQL literal, for EXECUTE (which takes no $n parameters). */
const literal = (value: unknown) => (typeof value === 'number' ? String(value) : `'${(Array.isArray(value) ? `{${value.join(',')}}` : String(value)).replaceAll("'", "''")}'`);

it("plans the page of one parent's rows once for every parent, not again at each call", async () => {
  const [climber] = await db.insert(schema.users).values({ email: 'planned@example.com', username: 'planned' }).returning();
  await db.execute(sql`insert into users.session (user_id, gym_id, start_time)
    select ${climber!.id}, ${gymId}, timestamptz '2026-03-01 18:00+00' - make_interval(hours => i) from generate_series(1, 30) i`);
  await db.execute(sql`analyze users.session`);
  sent.length = 0;
  await findSessionPages(db, [climber!.id], 21, null, { allowed: ['PUBLIC', 'FOLLOWERS', 'PRIVATE'] });
  const statement = sent.find(({ query }) => query.includes('"users"."session"'));
  if (!statement) throw new Error('no statement read sessions');
  // Prepared by name, as the driver prepares it, and run past the five calls Postgres plans for
  // themselves before it weighs one plan for every call (a generic plan) against theirs.
  const [plans] = await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`prepare one_parent_page as ${statement.query}`));
    for (let i = 0; i < 8; i++) await tx.execute(sql.raw(`execute one_parent_page(${statement.params.map(literal).join(', ')})`));
    const counted = await executeRows<{ generic_plans: number | string }>(tx as unknown as UsersDb, sql`select generic_plans from pg_prepared_statements where name = 'one_parent_page'`);
    await tx.execute(sql`deallocate one_parent_page`);
    return counted;
  });
  expect(Number(plans!.generic_plans)).toBeGreaterThan(0);
});
