import { expect } from 'vitest';
import type { Supergraph } from './supergraph';

export const DEMO_PASSWORD = 'clmb-demo';

const AUTH_FIELDS = /* GraphQL */ `accessToken refreshToken accessTokenExpiresAt user { id username role }`;

export async function logIn(sg: Supergraph, email: string, password = DEMO_PASSWORD) {
  const res = await sg.request(
    /* GraphQL */ `mutation LogIn($input: LogInInput!) { logIn(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email, password } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!['logIn'] as { accessToken: string; refreshToken: string; user: { id: string } };
}

export async function signUp(sg: Supergraph, username: string) {
  const res = await sg.request(
    /* GraphQL */ `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email: `${username}@example.com`, username, password: 'correct horse battery', firstName: 'Ada' } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!['signUp'] as { accessToken: string; refreshToken: string; user: { id: string } };
}

/** A grade system, a gym graded in it, and `routeCount` routes there, created by an ADMIN. */
export async function createGym(sg: Supergraph, adminToken: string, slug: string, routeCount = 2) {
  const system = await sg.request(
    /* GraphQL */ `mutation CreateGradeSystem($input: CreateGradeSystemInput!) {
      createGradeSystem(input: $input) { id grades { id value } }
    }`,
    {
      input: {
        name: `V-scale ${slug}`,
        grades: ['VB', 'V0', 'V1', 'V2', 'V3'].map((value, i) => ({ value, difficultyOrder: i })),
      },
    },
    adminToken,
  );
  expect(system.errors).toBeUndefined();
  const grades = system.data!['createGradeSystem'].grades as { id: string; value: string }[];
  const gym = await sg.request(
    /* GraphQL */ `mutation CreateGym($input: CreateGymInput!) { createGym(input: $input) { id slug } }`,
    {
      input: {
        name: `Gym ${slug}`,
        slug,
        address: '1 Crimp Street',
        city: 'Sheffield',
        country: 'United Kingdom',
        latitude: 53.38,
        longitude: -1.47,
        gradeSystemId: system.data!['createGradeSystem'].id,
      },
    },
    adminToken,
  );
  expect(gym.errors).toBeUndefined();
  const gymId = gym.data!['createGym'].id as string;
  const routeIds: string[] = [];
  for (let i = 0; i < routeCount; i++) {
    const route = await sg.request(
      /* GraphQL */ `mutation CreateRoute($input: CreateRouteInput!) { createRoute(input: $input) { id } }`,
      { input: { gymId, gradeId: grades[i % grades.length]!.id, colour: ['yellow', 'blue', 'red'][i % 3], name: `Route ${i}` } },
      adminToken,
    );
    expect(route.errors).toBeUndefined();
    routeIds.push(route.data!['createRoute'].id);
  }
  return { gymId, routeIds, grades };
}

/** Replaces every UUID with a placeholder so whole responses can be compared. */
export const maskIds = <T>(value: T): T =>
  JSON.parse(
    JSON.stringify(value).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'),
  ) as T;
