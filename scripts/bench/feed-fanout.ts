/**
 * Fan-out on write or merge on read, for the feed (docs/api.md, "Feed"), measured on Postgres:
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/bench/feed-fanout.ts
 *
 * (a) a climber who follows 500 climbers with two years of history each (3 sessions a week: 150k
 *     sessions and their climbs, one feed item per session ended and some sends) reads a feed page;
 * (b) a climber with 10,000 followers ends a session.
 * Merge on read is the users service's own store (feed-store.ts); fan-out on write is a
 * (follower_id, created_at desc, item_id) inbox table filled in the ending's transaction. Prints
 * medians; a fresh database is made and dropped.
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { createTestDatabase, testDatabaseUrl } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { executeRows, schema, type UsersDb } from '../../subgraphs/users/src/db';
import { findFeedPage, findFollowerIds, insertFeedItems } from '../../subgraphs/users/src/feed/feed-store';

const FOLLOWED = 500;
const SESSIONS_EACH = 3 * 52 * 2;
const FOLLOWERS = 10_000;
const PAGE = 20;
const RUNS = 30;

if (!testDatabaseUrl()) {
  console.error('Set TEST_DATABASE_URL to a Postgres server: this measures Postgres, not PGlite.');
  process.exit(1);
}

const testDb = await createTestDatabase('feed_fanout');
const database = await openDatabase({ url: testDb.env['DATABASE_URL'], service: 'users', schema, migrationsFolder: migrationsFolder('users') });
const db: UsersDb = database.db;
const log = (message: string) => console.log(message);

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function median(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(run));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

try {
  await database.migrate();
  const seedStart = performance.now();
  // The reader, the 500 they follow, the star and the star's 10,000 followers.
  await db.execute(sql`insert into users."user" (email, username)
    select 'b' || i || '@example.com', 'b' || i from generate_series(0, ${FOLLOWED + FOLLOWERS + 1}) i`);
  const [reader] = await executeRows<{ id: string }>(db, sql`select id from users."user" where username = 'b0'`);
  const [star] = await executeRows<{ id: string }>(db, sql`select id from users."user" where username = ${`b${FOLLOWED + 1}`}`);
  await db.execute(sql`insert into users.follow (follower_id, followee_id)
    select ${reader!.id}::uuid, id from users."user" where username ~ '^b[0-9]+$' and substring(username from 2)::int between 1 and ${FOLLOWED}`);
  await db.execute(sql`insert into users.follow (follower_id, followee_id)
    select id, ${star!.id}::uuid from users."user" where substring(username from 2)::int > ${FOLLOWED + 1}`);
  // Two years of sessions for each followed climber, two climbs each, one item per session ended
  // and one per ten sessions for a send.
  await db.execute(sql`insert into users.session (user_id, gym_id, start_time, end_time)
    select f.followee_id, '00000000-0000-4000-8000-000000000001', t, t + interval '2 hours'
    from users.follow f, generate_series(1, ${SESSIONS_EACH}) n,
         lateral (select now() - (n * interval '56 hours') - (random() * interval '8 hours') as t) ts
    where f.follower_id = ${reader!.id}`);
  await db.execute(sql`insert into users.climb (session_id, route_id, attempts, sent, created_at)
    select s.id, gen_random_uuid(), 2, true, s.start_time + c * interval '20 minutes' from users.session s, generate_series(1, 2) c`);
  await db.execute(sql`insert into users.feed_item (actor_id, kind, session_id, created_at) select user_id, 'SESSION_ENDED', id, end_time from users.session`);
  await db.execute(sql`insert into users.feed_item (actor_id, kind, session_id, climb_id, route_id, created_at)
    select s.user_id, 'FIRST_SEND_OF_GRADE', s.id, c.id, c.route_id, c.created_at
    from users.climb c join users.session s on s.id = c.session_id where c.id::text like '%0'`);
  // Fan-out on write keeps an inbox row per follower and item.
  await db.execute(sql`create table users.bench_inbox (follower_id uuid not null, created_at timestamptz(3) not null, item_id uuid not null,
    primary key (follower_id, created_at, item_id))`);
  await db.execute(sql`insert into users.bench_inbox select f.follower_id, i.created_at, i.id from users.feed_item i join users.follow f on f.followee_id = i.actor_id`);
  await db.execute(sql`analyze`);
  const [counts] = await executeRows<{ sessions: number; climbs: number; items: number; inbox: number }>(db, sql`select (select count(*) from users.session)::int as sessions, (select count(*) from users.climb)::int as climbs,
      (select count(*) from users.feed_item)::int as items, (select count(*) from users.bench_inbox)::int as inbox`);
  log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s: ${counts!.sessions} sessions, ${counts!.climbs} climbs, ${counts!.items} feed items, ${counts!.inbox} inbox rows`);

  // (a) A page of the reader's feed: the first, and one a year back.
  const [yearAgo] = await executeRows<{ time: string; id: string }>(db, sql`select i.created_at as time, i.id from users.feed_item i where i.created_at < now() - interval '1 year' order by i.created_at desc, i.id desc limit 1`);
  const deep = { time: new Date(yearAgo!.time), id: yearAgo!.id };
  const inboxPage = (after: { time: Date; id: string } | null) =>
    executeRows<{ id: string }>(db, sql`select i.* from users.bench_inbox b join users.feed_item i on i.id = b.item_id
      where b.follower_id = ${reader!.id} ${after ? sql`and (b.created_at, b.item_id) < (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
      order by b.created_at desc, b.item_id desc limit ${PAGE + 1}`);
  const mergeFirst = await median(() => findFeedPage(db, reader!.id, PAGE + 1, null));
  const mergeDeep = await median(() => findFeedPage(db, reader!.id, PAGE + 1, deep));
  const fanFirst = await median(() => inboxPage(null));
  const fanDeep = await median(() => inboxPage(deep));
  const same = (await findFeedPage(db, reader!.id, PAGE + 1, deep)).map((r) => r.id).join() === (await inboxPage(deep)).map((r) => r.id).join();
  log(`(a) feed page of ${PAGE} for a climber following ${FOLLOWED} (same rows both ways: ${same})`);
  log(`    merge on read:   first page ${ms(mergeFirst)}, a year back ${ms(mergeDeep)}`);
  log(`    fan-out on write: first page ${ms(fanFirst)}, a year back ${ms(fanDeep)}`);

  // (b) The star ends a session: the write's transaction, then the announcement's follower read.
  const [session] = await executeRows<{ id: string }>(db, sql`insert into users.session (user_id, gym_id, start_time, end_time)
    values (${star!.id}, '00000000-0000-4000-8000-000000000001', now() - interval '2 hours', now()) returning id`);
  const mergeWrite = await median(async () => {
    await db.transaction(async (tx) => {
      await insertFeedItems(tx, [{ actorId: star!.id, kind: 'SESSION_ENDED', sessionId: session!.id }]);
      tx.rollback();
    }).catch(() => {});
  });
  const announce = await median(() => findFollowerIds(db, star!.id));
  const fanWrite = await median(async () => {
    await db.transaction(async (tx) => {
      const [item] = await insertFeedItems(tx, [{ actorId: star!.id, kind: 'SESSION_ENDED', sessionId: session!.id }]);
      await tx.execute(sql`insert into users.bench_inbox select f.follower_id, ${item!.createdAt.toISOString()}::timestamptz, ${item!.id}::uuid
        from users.follow f where f.followee_id = ${star!.id}`);
      tx.rollback();
    }).catch(() => {});
  });
  log(`(b) a climber with ${FOLLOWERS} followers ends a session`);
  log(`    merge on read:   the write's feed statement ${ms(mergeWrite)} (1 row); the announcement reads the followers after the commit, ${ms(announce)}`);
  log(`    fan-out on write: the write's feed statements ${ms(fanWrite)} (${FOLLOWERS + 1} rows, in the ending's transaction)`);
} finally {
  await database.close();
  await testDb.drop();
}
