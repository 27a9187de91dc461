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
    'select gym_id, colour, grade_id from gyms.route where gym_id = any($1::uuid[]) and stripped_at is null order by gym_id, set_at desc, id desc',
  sessionOwner: 'select user_id, gym_id from users.session where id = $1',
  routeForClimb: 'select gym_id, stripped_at from gyms.route where id = $1',
  insertClimb:
    'insert into users.climb (session_id, route_id, attempts, sent, style, notes) values ($1, $2, $3, $4, $5, $6) returning id, attempts, sent, style',
};

/** Rows by their `id`, for building nested JSON without a query per row. */
export const byId = (rows: Row[]): Map<string, Row> => new Map(rows.map((row) => [row['id'] as string, row]));

export const unique = (values: string[]): string[] => [...new Set(values)];
