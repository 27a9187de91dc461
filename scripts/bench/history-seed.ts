/**
 * Long histories for issue 20's scenarios, written straight into the users database while no
 * service runs: climbers with 1,000, 10,000 and 100,000 climbs (stats at growing history, the
 * export), a gym with a million climbs of 2,000 climbers over three years (its leaderboards), and
 * fresh climbers to import into. Rows are made in the database by INSERT … SELECT over
 * generate_series, and only into users, sessions and climbs (plus the leaderboard climbers'
 * preference rows): whatever the users service keeps from climbs (aggregates kept by triggers) is
 * kept by the database on these inserts as on any other.
 */
import type { Database } from './baseline-sql';
import type { BenchDatabases } from './databases';
import { openDatabase } from './baseline-sql';
import { CLIMBS_PER_HISTORY_SESSION } from './scenarios';

export interface GymRoute {
  id: string;
  grade_id: string;
  scale: number;
}

/** The gym's routes with their grades' ids and scales, from the gyms database. */
export async function gymRoutes(dbs: BenchDatabases, gymId: string): Promise<GymRoute[]> {
  const gyms = await openDatabase(dbs.location('gyms'));
  try {
    return (await gyms.query(
      'select r.id, r.grade_id, g.scale from gyms.route r join gyms.grade g on g.id = r.grade_id where r.gym_id = $1 order by r.id',
      [gymId],
    )) as GymRoute[];
  } finally {
    await gyms.close();
  }
}

const YEAR_SECONDS = 365 * 86_400;

/**
 * A deterministic id in SQL, the same in both inserts: md5 of `text` shaped as a version-4 UUID
 * (the API's cursors accept only RFC 4122 ids, as `gen_random_uuid()` makes them).
 */
const uuidOf = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

/** Climbers `<prefix>-0` … with deterministic ids (from their name), PUBLIC: anyone may see them on a leaderboard. */
async function insertClimbers(users: Database, prefix: string, count: number): Promise<string[]> {
  const rows = await users.query(
    `insert into users."user" (id, email, username, visibility)
       select ${uuidOf("$1 || '-' || n")}, $1 || '-' || n || '@clmb.dev', $1 || '-' || n, 'PUBLIC'
       from generate_series(0, $2::int - 1) n
     returning id`,
    [prefix, count],
  );
  return rows.map((row) => row['id'] as string);
}

interface Sessions {
  /** Session ids are made from `<prefix>-<k>`, k from 0. */
  prefix: string;
  count: number;
  /** The climber of session k: `climbers[k % climbers.length]`. */
  climbers: string[];
  gymId: string;
  /** Session k starts `k × spacing` seconds before `now` (which both inserts share). */
  spacingSeconds: number;
  now: Date;
}

/** Sessions of two hours, newest first from `now` back. */
async function insertSessions(users: Database, s: Sessions): Promise<void> {
  await users.query(
    `insert into users.session (id, user_id, gym_id, name, start_time, end_time)
       select ${uuidOf("$1 || '-' || k")}, ($2::uuid[])[1 + k % cardinality($2::uuid[])], $3, 'Bench session',
              $5::timestamptz - make_interval(secs => k * $6::float8),
              $5::timestamptz - make_interval(secs => k * $6::float8) + interval '2 hours'
       from generate_series(0, $4::int - 1) k`,
    [s.prefix, s.climbers, s.gymId, s.count, s.now.toISOString(), s.spacingSeconds],
  );
}

/**
 * `perSession` climbs in each session, five minutes apart from its start, on the gym's routes in
 * turn: four in five sent (a quarter of those flashed), each with its route's grade as logClimb
 * freezes it.
 */
async function insertClimbs(users: Database, s: Sessions, perSession: number, routes: GymRoute[]): Promise<void> {
  await users.query(
    `with route as (
       select id, grade_id, scale, n from unnest($4::uuid[], $5::uuid[], $6::int[]) with ordinality as r(id, grade_id, scale, n)
     ),
     climb as (
       select i, i / $3::int as k, (i % 5) <> 0 as sent, i % 4 = 0 as flashed from generate_series(0, $2::int * $3::int - 1) i
     )
     insert into users.climb (session_id, route_id, attempts, sent, style, grade_id, grade_scale, discipline, gym_id, created_at)
       select ${uuidOf("$1 || '-' || c.k")}, r.id,
              case when c.sent and c.flashed then 1 else 2 + c.i % 3 end, c.sent,
              (case when not c.sent then 'ATTEMPT' when c.flashed then 'FLASH' else 'REDPOINT' end)::users.ascent_style,
              r.grade_id, r.scale, 'BOULDER', $7,
              $8::timestamptz - make_interval(secs => c.k * $9::float8) + make_interval(mins => 5 * (1 + c.i % $3::int))
       from climb c join route r on r.n = 1 + (c.i * 7 + c.k) % cardinality($4::uuid[])`,
    [
      s.prefix,
      s.count,
      perSession,
      routes.map((r) => r.id),
      routes.map((r) => r.grade_id),
      routes.map((r) => r.scale),
      s.gymId,
      s.now.toISOString(),
      s.spacingSeconds,
    ],
  );
}

/** A climber with `climbs` climbs at the gym, in sessions of CLIMBS_PER_HISTORY_SESSION spread evenly over the last two years. */
export async function seedHistory(dbs: BenchDatabases, gymId: string, routes: GymRoute[], climbs: number): Promise<string> {
  const users = await openDatabase(dbs.location('users'));
  try {
    const [climber] = await insertClimbers(users, `bench-history-${climbs}`, 1);
    const count = climbs / CLIMBS_PER_HISTORY_SESSION;
    const sessions: Sessions = { prefix: `history-${climbs}`, count, climbers: [climber!], gymId, spacingSeconds: (2 * YEAR_SECONDS) / count, now: new Date() };
    await insertSessions(users, sessions);
    await insertClimbs(users, sessions, CLIMBS_PER_HISTORY_SESSION, routes);
    await users.query('analyze users.session, users.climb', []);
    return climber!;
  } finally {
    await users.close();
  }
}

export const LEADERBOARD_CLIMBS = 1_000_000;
const LEADERBOARD_CLIMBERS = 2_000;
const CLIMBS_PER_LEADERBOARD_SESSION = 10;

/**
 * A million climbs at the gym: 100,000 sessions of 10 climbs, one every 16 minutes over the last
 * three years (about 640 sessions in any week), each of one of 2,000 climbers in turn, who all
 * show on leaderboards.
 */
export async function seedLeaderboardGym(dbs: BenchDatabases, gymId: string, routes: GymRoute[]): Promise<void> {
  const users = await openDatabase(dbs.location('users'));
  try {
    const climbers = await insertClimbers(users, 'bench-leaderboard', LEADERBOARD_CLIMBERS);
    await users.query('insert into users.preference (user_id, show_on_leaderboards) select unnest($1::uuid[]), true', [climbers]);
    const count = LEADERBOARD_CLIMBS / CLIMBS_PER_LEADERBOARD_SESSION;
    const sessions: Sessions = { prefix: 'leaderboard', count, climbers, gymId, spacingSeconds: (3 * YEAR_SECONDS) / count, now: new Date() };
    await insertSessions(users, sessions);
    await insertClimbs(users, sessions, CLIMBS_PER_LEADERBOARD_SESSION, routes);
    await users.query('analyze users.session, users.climb, users."user", users.preference', []);
  } finally {
    await users.close();
  }
}

/**
 * Vacuums and analyzes the users database once everything is written: a history that grew over
 * years has been vacuumed by autovacuum many times, while one written a moment ago has not (its
 * first reads set hint bits and autovacuum starts during the rounds, inflating the first round's cost).
 */
export async function settleUsersDatabase(dbs: BenchDatabases): Promise<void> {
  const users = await openDatabase(dbs.location('users'));
  try {
    await users.query('vacuum (analyze)', []);
  } finally {
    await users.close();
  }
}

/** Climbers with nothing logged yet: one to import into each round. */
export async function seedEmptyClimbers(dbs: BenchDatabases, count: number): Promise<string[]> {
  const users = await openDatabase(dbs.location('users'));
  try {
    return await insertClimbers(users, 'bench-import', count);
  } finally {
    await users.close();
  }
}
