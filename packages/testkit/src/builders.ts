import { randomBytes } from 'node:crypto';
import { dataOf, type Gql } from './client';
import type { Auth, ClimbSpec, EndSessionSpec, GradeSystem, GradeSystemSpec, GymSpec, GymWithRoutes, RouteSpec, SessionSpec, UserSpec } from './builder-types';
import { DEMO_PASSWORD } from '@clmb/common';

/** The password `user()` signs up with unless told otherwise. */
export const TEST_PASSWORD = 'correct horse battery';

const AUTH_FIELDS = /* GraphQL */ `accessToken refreshToken accessTokenExpiresAt user { id username role }`;
/**
 * The app's log-in, the one document every test and script logs in with: through the builders'
 * `logIn`, or sent as it is where the answer is a refusal to look at (input `{ email, password }`).
 */
export const LOG_IN = /* GraphQL */ `mutation LogIn($input: LogInInput!) { logIn(input: $input) { ${AUTH_FIELDS} } }`;
const unique = () => randomBytes(4).toString('hex');
const ROUTE_COLOURS = ['yellow', 'blue', 'red'];

/**
 * Fixture builders that go through the public GraphQL API, as the app and a setter would: the same
 * calls serve a subgraph's integration tests (its own `gql`) and the router's e2e tests. Names,
 * usernames and e-mails default to unique values, so a builder can be called again in one database.
 * Each throws with the errors' JSON if the API refuses.
 */
export function builders(gql: Gql) {
  const mutate = async <T>(field: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> =>
    dataOf<Record<string, T>>(await gql(query, variables, token))[field]!;

  const gradeSystem = (token: string, spec: GradeSystemSpec = {}) => {
    const { grades = ['VB', 'V0', 'V1', 'V2', 'V3'], name = `Grades ${unique()}`, discipline = 'BOULDER', scales, ...rest } = spec;
    // Unless told, one scale step (10) per grade from the bottom of the scale's charted range.
    const scale = (i: number) => scales?.[i] ?? 100 + i * 10;
    return mutate<GradeSystem>(
      'createGradeSystem',
      /* GraphQL */ `mutation CreateGradeSystem($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id name grades { id value } } }`,
      { input: { ...rest, name, discipline, grades: grades.map((value, difficultyOrder) => ({ value, difficultyOrder, scale: scale(difficultyOrder) })) } },
      token,
    );
  };

  const gym = (token: string, spec: GymSpec) => {
    const { city = 'Sheffield' } = spec;
    const input = { name: `Gym ${unique()}`, address: `1 Main Street, ${city}`, country: 'United Kingdom', latitude: 53.38, longitude: -1.47, ...spec, city };
    return mutate<{ id: string; slug: string }>(
      'createGym',
      /* GraphQL */ `mutation CreateGym($input: CreateGymInput!) { createGym(input: $input) { id slug } }`,
      { input },
      token,
    );
  };

  const route = (token: string, spec: RouteSpec) =>
    mutate<{ id: string }>(
      'createRoute',
      /* GraphQL */ `mutation CreateRoute($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { colour: 'red', ...spec } },
      token,
    );

  const stripRoute = (token: string, id: string, strippedAt?: string) =>
    mutate<{ id: string }>(
      'stripRoute',
      /* GraphQL */ `mutation StripRoute($input: StripRouteInput!) { stripRoute(input: $input) { id } }`,
      { input: { id, strippedAt } },
      token,
    );

  const archiveGym = (token: string, id: string) =>
    mutate<{ id: string }>(
      'archiveGym',
      /* GraphQL */ `mutation ArchiveGym($input: ArchiveGymInput!) { archiveGym(input: $input) { id } }`,
      { input: { id } },
      token,
    );

  /** A grade system `V-scale <slug>` (VB to V3), the gym `Gym <slug>` graded in it, and its routes. */
  const gymWithRoutes = async (token: string, spec: { slug: string; routeCount?: number }): Promise<GymWithRoutes> => {
    const { slug, routeCount = 2 } = spec;
    const system = await gradeSystem(token, { name: `V-scale ${slug}` });
    const { id: gymId } = await gym(token, { gradeSystemId: system.id, slug, name: `Gym ${slug}` });
    const routeIds: string[] = [];
    for (let i = 0; i < routeCount; i++) {
      const gradeId = system.grades[i % system.grades.length]!.id;
      routeIds.push((await route(token, { gymId, gradeId, colour: ROUTE_COLOURS[i % ROUTE_COLOURS.length]!, name: `Route ${i}` })).id);
    }
    return { gymId, gradeSystemId: system.id, routeIds, grades: system.grades };
  };

  const logIn = (email: string, password = DEMO_PASSWORD) => mutate<Auth>('logIn', LOG_IN, { input: { email, password } });
  /** A log-in's whole response, refused or not (`logIn` throws when refused): for tests of what a log-in answers. */
  const tryLogIn = (email: string, password = DEMO_PASSWORD) => gql(LOG_IN, { input: { email, password } });

  /**
   * Signs up a CLIMBER (`<username>@example.com` unless an e-mail is given) and logs in as them,
   * as an app does (signUp answers only true). Their email stays unverified.
   */
  const user = async (spec: UserSpec = {}) => {
    const { username = `climber_${unique()}`, password = TEST_PASSWORD, ...rest } = spec;
    const input = { email: `${username}@example.com`, ...rest, username, password };
    await mutate<boolean>('signUp', /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) }`, { input });
    return logIn(input.email, password);
  };

  const session = (token: string, spec: SessionSpec) =>
    mutate<{ id: string }>(
      'startSession',
      /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`,
      { input: spec },
      token,
    );

  const endSession = (token: string, id: string, spec: EndSessionSpec = {}) =>
    mutate<{ id: string }>(
      'endSession',
      /* GraphQL */ `mutation EndSession($input: EndSessionInput!) { endSession(input: $input) { id } }`,
      { input: { id, ...spec } },
      token,
    );

  const climb = (token: string, spec: ClimbSpec) =>
    mutate<{ id: string }>(
      'logClimb',
      /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`,
      { input: { attempts: 1, sent: true, ...spec } },
      token,
    );

  return { gradeSystem, gym, route, stripRoute, archiveGym, gymWithRoutes, user, signUp: user, logIn, tryLogIn, session, endSession, climb };
}

export type Builders = ReturnType<typeof builders>;
