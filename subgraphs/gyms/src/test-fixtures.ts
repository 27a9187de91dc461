/** Builds test data through the public API, as a setter would. */
import { dataOf, type TestService } from './testing';

export interface GymSpec {
  name: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  gradeSystemId: string;
  slug?: string;
  address?: string;
}

export async function createGradeSystem(t: TestService, name: string, values: string[]): Promise<{ id: string; grades: { id: string; value: string }[] }> {
  const response = await t.gql(
    /* GraphQL */ `
      mutation ($input: CreateGradeSystemInput!) {
        createGradeSystem(input: $input) { id grades { id value } }
      }
    `,
    { input: { name, grades: values.map((value, i) => ({ value, difficultyOrder: i })) } },
    t.tokens.setter,
  );
  return dataOf(response)['createGradeSystem'];
}

export async function createGym(t: TestService, spec: GymSpec): Promise<{ id: string; slug: string }> {
  const response = await t.gql(
    /* GraphQL */ `
      mutation ($input: CreateGymInput!) {
        createGym(input: $input) { id slug }
      }
    `,
    { input: { address: `1 Main Street, ${spec.city}`, ...spec } },
    t.tokens.setter,
  );
  return dataOf(response)['createGym'];
}

export async function createRoute(
  t: TestService,
  input: { gymId: string; gradeId: string; colour: string; name?: string; setAt?: string },
): Promise<{ id: string }> {
  const response = await t.gql(
    /* GraphQL */ `
      mutation ($input: CreateRouteInput!) {
        createRoute(input: $input) { id }
      }
    `,
    { input },
    t.tokens.setter,
  );
  return dataOf(response)['createRoute'];
}

export async function stripRoute(t: TestService, id: string, strippedAt?: string): Promise<void> {
  const response = await t.gql(
    /* GraphQL */ `
      mutation ($input: StripRouteInput!) {
        stripRoute(input: $input) { id }
      }
    `,
    { input: { id, strippedAt } },
    t.tokens.setter,
  );
  dataOf(response);
}

export async function archiveGym(t: TestService, id: string): Promise<void> {
  const response = await t.gql(
    /* GraphQL */ `
      mutation ($id: ID!) {
        archiveGym(input: { id: $id }) { id }
      }
    `,
    { id },
    t.tokens.admin,
  );
  dataOf(response);
}
