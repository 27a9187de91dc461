/**
 * Data for the two scenarios of the deeper logbook (issue 9): a boulder gym with 50 routes, set
 * through the gateway as an admin; then, written straight into the users database while no
 * service runs (10,000 climbs through the API would take minutes), a climber with 10,000 climbs
 * on those routes over two years, and five climbers who climbed and rated every route. Every climb
 * carries its route's grade as logClimb freezes it.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from './baseline-sql';
import type { BenchDatabases } from './databases';
import { DEMO_ACCOUNTS } from '@clmb/common';
import { dataFrom } from '@clmb/testkit';

const GRADE_SYSTEMS = /* GraphQL */ `query { gradeSystems { id name grades { id scale } } }`;
const CREATE_GYM = /* GraphQL */ `mutation($input: CreateGymInput!) { createGym(input: $input) { id } }`;
const CREATE_ROUTE = /* GraphQL */ `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`;

export const ROUTES = 50;
export const STATS_CLIMBS = 10_000;
const SESSIONS = 500;
const RATERS = 5;
const COLOURS = ['red', 'blue', 'green', 'yellow', 'black', 'white', 'orange', 'purple', 'pink', 'grey'];

/** Through the gateway, as an admin: the gym and its 50 routes across the V-scale. */
export async function seedBenchGym(url: string, adminToken: string, name = 'Bench Boulders'): Promise<string> {
  const systems = (await dataFrom(url, GRADE_SYSTEMS, {})).gradeSystems as { id: string; name: string; grades: { id: string }[] }[];
  const vScale = systems.find((system) => system.name === 'V-scale')!;
  const input = {
    name,
    address: 'Benchstraße 1',
    city: 'Berlin',
    country: 'Germany',
    latitude: 52.5,
    longitude: 13.4,
    gradeSystemId: vScale.id,
  };
  const gymId = (await dataFrom(url, CREATE_GYM, { input }, adminToken)).createGym.id as string;
  for (let i = 0; i < ROUTES; i++) {
    const grade = vScale.grades[i % Math.min(vScale.grades.length, 12)]!;
    await dataFrom(url, CREATE_ROUTE, { input: { gymId, gradeId: grade.id, colour: COLOURS[i % COLOURS.length], name: `Bench ${i + 1}` } }, adminToken);
  }
  return gymId;
}

const ROUTES_OF = /* GraphQL */ `query($id: ID!) { gym(id: $id) { routes { id name } } }`;
const UPDATE_ROUTE = /* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`;
const ADD_PROJECT = /* GraphQL */ `mutation($input: AddProjectInput!) { addProject(input: $input) { id } }`;

/**
 * Through the gateway: the route page's route (`Bench 1`) gets the demo setter and owner as its
 * setters, two setter tags, and a project of each climber given (the route page's viewer first).
 */
export async function seedRoutePage(url: string, adminToken: string, gymId: string, climberTokens: string[]): Promise<string> {
  const routes = (await dataFrom(url, ROUTES_OF, { id: gymId })).gym.routes as { id: string; name: string }[];
  const routeId = routes.find((route) => route.name === 'Bench 1')!.id;
  const setterIds = [DEMO_ACCOUNTS.setter.id, DEMO_ACCOUNTS.owner.id];
  await dataFrom(url, UPDATE_ROUTE, { input: { id: routeId, setterIds, tags: ['CRIMPY', 'OVERHANG'] } }, adminToken);
  for (const token of climberTokens) await dataFrom(url, ADD_PROJECT, { input: { routeId } }, token);
  return routeId;
}

interface RouteRow {
  id: string;
  grade_id: string;
  scale: number;
}

/** Straight into the databases, the services stopped: returns the 10,000-climb climber's id. */
export async function seedDeepLogbooks(dbs: BenchDatabases, gymId: string): Promise<string> {
  const gyms = await openDatabase(dbs.location('gyms'));
  const routes = (await gyms.query(
    'select r.id, r.grade_id, g.scale from gyms.route r join gyms.grade g on g.id = r.grade_id where r.gym_id = $1 order by r.id',
    [gymId],
  )) as RouteRow[];
  const grades = (await gyms.query(
    'select g.id, g.scale from gyms.grade g join gyms.gym y on y.grade_system_id = g.grade_system_id where y.id = $1 order by g.scale',
    [gymId],
  )) as { id: string; scale: number }[];
  await gyms.close();

  const users = await openDatabase(dbs.location('users'));
  const userIds = Array.from({ length: RATERS + 1 }, () => randomUUID());
  await users.query(
    `insert into users."user" (id, email, username) select id, 'bench-deep-' || n || '@clmb.dev', 'bench-deep-' || n
       from unnest($1::uuid[]) with ordinality as u(id, n)`,
    [userIds],
  );
  const sessions: object[] = [];
  const climbs: object[] = [];
  const hour = 3_600_000;
  const addSession = (userId: string, start: Date, routeIndexes: number[]) => {
    const id = randomUUID();
    sessions.push({ id, user_id: userId, start_time: start, end_time: new Date(start.getTime() + 2 * hour) });
    routeIndexes.forEach((r, j) => {
      const route = routes[r % routes.length]!;
      const attempts = 1 + ((r + j) % 4);
      const sent = (r + 2 * j) % 5 !== 0;
      climbs.push({
        session_id: id,
        route_id: route.id,
        attempts,
        sent,
        style: !sent ? 'ATTEMPT' : attempts === 1 ? 'FLASH' : 'REDPOINT',
        grade_id: route.grade_id,
        grade_scale: route.scale,
        created_at: new Date(start.getTime() + (j + 1) * 5 * 60_000),
      });
    });
  };
  // Two years back, a session every 35 hours, 20 climbs each: 10,000 climbs.
  const now = Date.now();
  for (let s = 0; s < SESSIONS; s++) {
    const perSession = STATS_CLIMBS / SESSIONS;
    addSession(userIds[0]!, new Date(now - (s + 1) * 35 * hour), Array.from({ length: perSession }, (_, j) => s * 7 + j));
  }
  // Raters' sessions 3 days back and more: a climb of a climber who did not opt in to leaderboards
  // counts on a route from the second midnight after it was logged (`RouteAscents`), and the
  // hand-written baseline counts every climb, so both see the same climbers.
  for (let r = 1; r <= RATERS; r++) addSession(userIds[r]!, new Date(now - (r + 2) * 24 * hour), Array.from({ length: routes.length }, (_, j) => j + r));
  // Rows travel as one JSON parameter: both drivers pass it alike, whatever the column types.
  await users.query(
    `insert into users.session (id, user_id, gym_id, name, start_time, end_time)
       select id, user_id, $2, 'Bench session', start_time, end_time from json_to_recordset($1::text::json) as t(id uuid, user_id uuid, start_time timestamptz, end_time timestamptz)`,
    [JSON.stringify(sessions), gymId],
  );
  await users.query(
    `insert into users.climb (session_id, route_id, attempts, sent, style, grade_id, grade_scale, discipline, gym_id, created_at)
       select session_id, route_id, attempts, sent, style::users.ascent_style, grade_id, grade_scale, 'BOULDER', $2, created_at
       from json_to_recordset($1::text::json)
         as t(session_id uuid, route_id uuid, attempts int, sent bool, style text, grade_id uuid, grade_scale int, created_at timestamptz)`,
    [JSON.stringify(climbs), gymId],
  );
  // Each rater rates every route: stars 1 to 5, and a suggestion a grade either side of the route's.
  const ratings: object[] = [];
  routes.forEach((route, i) => {
    for (let r = 1; r <= RATERS; r++) {
      const at = grades.findIndex((grade) => grade.id === route.grade_id) + ((i + r) % 3) - 1;
      const suggested = (i + r) % 4 === 0 ? undefined : grades[Math.max(0, Math.min(grades.length - 1, at))];
      ratings.push({
        user_id: userIds[r],
        route_id: route.id,
        stars: 1 + ((i * r) % 5),
        suggested_grade_id: suggested?.id ?? null,
        suggested_grade_scale: suggested?.scale ?? null,
      });
    }
  });
  await users.query(
    `insert into users.rating (user_id, route_id, stars, suggested_grade_id, suggested_grade_scale, comment)
       select user_id, route_id, stars, suggested_grade_id, suggested_grade_scale, 'Bench comment'
       from json_to_recordset($1::text::json) as t(user_id uuid, route_id uuid, stars int, suggested_grade_id uuid, suggested_grade_scale int)`,
    [JSON.stringify(ratings)],
  );
  await users.close();
  return userIds[0]!;
}
