import { startService as startGyms } from '@clmb/gyms/service';
import { loadConfig as gymsConfig } from '@clmb/gyms/config';
import { createTestDatabase, generateSigningKeys, graphql, signTestToken, type TestDatabase } from '@clmb/testkit';
import { loadConfig } from '../config';
import { startService, type Service } from '../service';

type Keys = Awaited<ReturnType<typeof generateSigningKeys>>;

export interface UsersUnderTest {
  url: string;
  keys: Keys;
  service: Service;
  /** Every SQL statement the service sent, for statement-count assertions. */
  statements: string[];
  stop(): Promise<void>;
}

const quiet = { PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'false', LOG_LEVEL: 'silent' };

/** The users service on its own fresh database, as the int tests drive it. */
export async function startUsers(label: string, env: Record<string, string> = {}, keys?: Keys): Promise<UsersUnderTest> {
  const testDb = await createTestDatabase(label);
  const signing = keys ?? (await generateSigningKeys());
  const statements: string[] = [];
  const service = await startService(loadConfig({ ...testDb.env, ...signing, ...quiet, ...env }), {
    onQuery: (sql) => statements.push(sql),
  });
  return {
    url: `${service.url}/graphql`,
    keys: signing,
    service,
    statements,
    stop: async () => {
      await service.stop();
      await testDb.drop();
    },
  };
}

export interface GymFixtures {
  gymId: string;
  otherGymId: string;
  archivedGymId: string;
  routeId: string;
  otherGymRouteId: string;
  strippedRouteId: string;
}

async function must<T>(response: Promise<{ data?: T | null; errors?: unknown }>): Promise<T> {
  const { data, errors } = await response;
  if (!data || errors) throw new Error(`gyms fixture failed: ${JSON.stringify(errors)}`);
  return data;
}

/** The real gyms service (its own database) with two open gyms, an archived one, and routes. */
export async function startGymsWithFixtures(keys: Keys): Promise<{ url: string; fixtures: GymFixtures; stop(): Promise<void>; db: TestDatabase }> {
  const db = await createTestDatabase('users_gyms');
  const gyms = await startGyms(gymsConfig({ ...db.env, JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, ...quiet }));
  const url = `${gyms.url}/graphql`;
  const setter = await signTestToken(keys.JWT_PRIVATE_KEY, { sub: crypto.randomUUID(), role: 'SETTER' });
  const call = <T>(query: string, variables: Record<string, unknown>) => must<T>(graphql<T>(url, query, variables, setter));

  const { createGradeSystem } = await call<{ createGradeSystem: { id: string; grades: { id: string }[] } }>(
    /* GraphQL */ `mutation($input: CreateGradeSystemInput!) { createGradeSystem(input: $input) { id grades { id } } }`,
    { input: { name: 'V-test', grades: [{ value: 'V0', difficultyOrder: 0 }, { value: 'V1', difficultyOrder: 1 }] } },
  );
  const gradeId = createGradeSystem.grades[0]!.id;
  const createGym = async (name: string) =>
    (
      await call<{ createGym: { id: string } }>(/* GraphQL */ `mutation($input: CreateGymInput!) { createGym(input: $input) { id } }`, {
        input: { name, address: '1 Wall St', city: 'Leeds', country: 'UK', latitude: 53.8, longitude: -1.55, gradeSystemId: createGradeSystem.id },
      })
    ).createGym.id;
  const createRoute = async (gymId: string) =>
    (
      await call<{ createRoute: { id: string } }>(/* GraphQL */ `mutation($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, {
        input: { gymId, gradeId, colour: 'red' },
      })
    ).createRoute.id;

  const [gymId, otherGymId, archivedGymId] = [await createGym('Crag One'), await createGym('Crag Two'), await createGym('Crag Gone')];
  await call(/* GraphQL */ `mutation($id: ID!) { archiveGym(input: { id: $id }) { id } }`, { id: archivedGymId });
  const [routeId, otherGymRouteId, strippedRouteId] = [await createRoute(gymId), await createRoute(otherGymId), await createRoute(gymId)];
  await call(/* GraphQL */ `mutation($id: ID!) { stripRoute(input: { id: $id }) { id } }`, { id: strippedRouteId });

  return {
    url,
    db,
    fixtures: { gymId, otherGymId, archivedGymId, routeId, otherGymRouteId, strippedRouteId },
    stop: async () => {
      await gyms.stop();
      await db.drop();
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Replaces ids and timestamps, which change every run, so whole responses can be compared. */
export function mask(value: unknown): unknown {
  if (typeof value === 'string') return UUID.test(value) ? '<id>' : ISO_DATE.test(value) ? '<date>' : value;
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
  return value;
}

/** A fresh CLIMBER account: its id and access token. */
export async function signUpClimber(url: string, username: string): Promise<{ id: string; token: string }> {
  const response = await graphql<{ signUp: { accessToken: string; user: { id: string } } }>(
    url,
    /* GraphQL */ `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }`,
    { input: { email: `${username}@example.com`, username, password: 'password1' } },
  );
  const payload = response.data?.signUp;
  if (!payload) throw new Error(`signUp failed: ${JSON.stringify(response.errors)}`);
  return { id: payload.user.id, token: payload.accessToken };
}

/** The `extensions.field` of the first error. */
export const errorField = (response: { errors?: { extensions?: Record<string, unknown> }[] }): unknown =>
  response.errors?.[0]?.extensions?.['field'];
