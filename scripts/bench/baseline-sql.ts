/**
 * The hand-written baseline's data access: the statements the subgraphs' resolvers need for these
 * operations, over the same indexes (session keyset, climbs by session, rows by primary key, a
 * gym's live routes), each a prepared statement. On Postgres through postgres.js; on PGlite the
 * baseline opens its own copy of each embedded database (PGlite is single-process).
 */
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

type Row = Record<string, any>;

export interface Database {
  query(text: string, params: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export async function openDatabase(location: string): Promise<Database> {
  if (location.startsWith('postgres://') || location.startsWith('postgresql://')) {
    const sql = postgres(location, { max: 10, prepare: true, onnotice: () => {} });
    return {
      query: (text, params) => sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }),
      close: () => sql.end(),
    };
  }
  const db = await PGlite.create(location);
  return { query: async (text, params) => (await db.query<Row>(text, params)).rows, close: () => db.close() };
}

export const SQL = {
  user: 'select id from users."user" where id = $1',
  sessionPage:
    'select id, gym_id, name, start_time, end_time from users.session where user_id = $1 order by start_time desc, id desc limit $2',
  climbsOfSessions:
    'select session_id, route_id, attempts, sent from users.climb where session_id = any($1::uuid[]) order by session_id, created_at, id',
  gymsByIds: 'select id, name, city from gyms.gym where id = any($1::uuid[])',
  routesByIds: 'select id, colour, grade_id from gyms.route where id = any($1::uuid[])',
  gradesByIds: 'select id, value from gyms.grade where id = any($1::uuid[])',
  gymPage: 'select id, name, city from gyms.gym where archived_at is null order by name, id limit $1',
  liveRoutesOfGyms:
    'select id, gym_id, colour, grade_id from gyms.route where gym_id = any($1::uuid[]) and stripped_at is null order by gym_id, set_at desc, id desc',
  climbCounts: `select count(*)::int climbs, (count(*) filter (where c.sent))::int sends, (count(*) filter (where c.style = 'FLASH'))::int flashes,
      (count(*) filter (where c.style = 'ONSIGHT'))::int onsights
    from users.climb c join users.session s on s.id = c.session_id where s.user_id = $1`,
  // A row per month and grade of the discipline's graded climbs: pyramid, progression and hardest send fold these.
  gradeMonths: `select to_char(s.start_time at time zone 'UTC', 'YYYY-MM') as month, c.grade_id, c.grade_scale,
      (count(*) filter (where c.sent))::int sends, sum(c.attempts)::int attempts
    from users.climb c join users.session s on s.id = c.session_id
    where s.user_id = $1 and c.discipline = $2 and c.grade_id is not null group by 1, 2, 3`,
  gym: 'select id, name from gyms.gym where id = $1',
  ratingSummaries: 'select route_id, avg(stars)::float8 average, count(*)::int count from users.rating where route_id = any($1::uuid[]) group by route_id',
  // The lower median suggestion of the routes with at least 3 (one system per route: equal scales are one grade).
  communityGrades: `select route_id, (array_agg(suggested_grade_id order by suggested_grade_scale))[(count(*)::int + 1) / 2] grade_id
    from users.rating where route_id = any($1::uuid[]) and suggested_grade_id is not null group by route_id having count(*) >= 3`,
  ascents: `select c.route_id, count(distinct s.user_id)::int climbers, (count(distinct s.user_id) filter (where c.sent))::int senders
    from users.climb c join users.session s on s.id = c.session_id where c.route_id = any($1::uuid[]) group by c.route_id`,
  // The route page (issue 18): the route, its setters in order, the tags 3 climbers or more voted
  // for (most voted first, ties in the enum's order), the accounts, the projects.
  route: 'select id, name, colour, grade_id, tags::text[] tags, stripped_at from gyms.route where id = $1',
  routeSetters: 'select user_id from gyms.route_setters where route_id = $1 order by position',
  votedTags: `select tag::text tag_name from gyms.route_tag_vote where route_id = $1 and withdrawn_at is null
    group by tag having count(*) >= 3 order by count(*) desc, tag`,
  usernames: 'select id, username from users."user" where id = any($1::uuid[])',
  activeProjectCount: 'select count(*)::int count from users.project where route_id = $1 and sent_at is null',
  myProject: 'select position, sent_at from users.project where user_id = $1 and route_id = $2',
  // The feed (issue 19): merged on read as the users service does, each followed climber's newest
  // items from the (actor_id, created_at desc, id desc) index, with privacy's rule for a follower
  // in the statement (no block either way, the account not PRIVATE, nor the item's session or
  // climb): the viewer follows every actor, and reads no ADMIN's view.
  feedPage: `select p.id, p.actor_id, p.kind::text kind, p.session_id, p.climb_id, p.route_id, p.created_at
    from users.follow f join users."user" u on u.id = f.followee_id cross join lateral (
      select i.* from users.feed_item i left join users.session s on s.id = i.session_id left join users.climb c on c.id = i.climb_id
      where i.actor_id = f.followee_id and s.visibility is distinct from 'PRIVATE' and c.visibility is distinct from 'PRIVATE'
      order by i.created_at desc nulls last, i.id desc nulls last limit $2
    ) p
    where f.follower_id = $1 and u.visibility <> 'PRIVATE' and not exists (select 1 from users.block b
      where (b.blocker_id = $1 and b.blocked_id = f.followee_id) or (b.blocker_id = f.followee_id and b.blocked_id = $1))
    order by p.created_at desc, p.id desc limit $2`,
  // Sessions with their summary as a follower sees it: the climbs not narrowed to PRIVATE.
  sessionSummaries: `select s.id, s.gym_id, count(c.id)::int climbs, (count(c.id) filter (where c.sent))::int sends
    from users.session s left join users.climb c on c.session_id = s.id and c.visibility is distinct from 'PRIVATE'
    where s.id = any($1::uuid[]) group by s.id`,
  climbRoutes: 'select id, route_id from users.climb where id = any($1::uuid[])',
  namedRoutesByIds: 'select id, name, grade_id from gyms.route where id = any($1::uuid[])',
  sessionOwner: 'select user_id, gym_id from users.session where id = $1',
  // What logClimb checks, and the grade it freezes on the climb.
  routeForClimb: `select r.gym_id, r.stripped_at, r.grade_id, g.scale, s.discipline
    from gyms.route r join gyms.grade g on g.id = r.grade_id join gyms.grade_system s on s.id = g.grade_system_id where r.id = $1`,
  insertClimb: `insert into users.climb (session_id, route_id, attempts, sent, style, notes, grade_id, grade_scale, discipline, gym_id)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id, attempts, sent, style`,
};

/** Rows by their `id`, for building nested JSON without a query per row. */
export const byId = (rows: Row[]): Map<string, Row> => new Map(rows.map((row) => [row['id'] as string, row]));

export const unique = (values: string[]): string[] => [...new Set(values)];

/** Grade values by id, as `{ value }` objects (null for none): one query for all of `ids`. */
export async function gradeValues(gyms: Database, ids: (string | null | undefined)[]): Promise<(id: string | null | undefined) => { value: string } | null> {
  const grades = byId(await gyms.query(SQL.gradesByIds, [unique(ids.filter((id): id is string => Boolean(id)))]));
  return (id) => (id && grades.get(id) ? { value: grades.get(id)!.value } : null);
}
