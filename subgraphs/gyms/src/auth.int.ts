import { errorCodes, signTestToken } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from './test-service';

let t: GymsUnderTest;
beforeAll(async () => {
  t = await startGymsUnderTest('auth');
});
afterAll(() => t?.stop());

const id = '7d7a2c9e-0000-4000-8000-000000000000';
const MUTATIONS = [
  `mutation { createGradeSystem(input: { name: "X", grades: [{ value: "1", difficultyOrder: 1 }] }) { id } }`,
  `mutation { createGym(input: { name: "X", address: "a", city: "b", country: "c", latitude: 0, longitude: 0, gradeSystemId: "${id}" }) { id } }`,
  `mutation { updateGym(input: { id: "${id}", name: "Y" }) { id } }`,
  `mutation { archiveGym(input: { id: "${id}" }) { id } }`,
  `mutation { createRoute(input: { gymId: "${id}", gradeId: "${id}", colour: "red" }) { id } }`,
  `mutation { updateRoute(input: { id: "${id}", colour: "blue" }) { id } }`,
  `mutation { stripRoute(input: { id: "${id}" }) { id } }`,
];

it('needs a token for every mutation', async () => {
  for (const mutation of MUTATIONS) expect(errorCodes(await t.gql(mutation))).toEqual(['UNAUTHENTICATED']);
});

// Which role at which gym each mutation needs is staff/staff-access.int.ts's table.
it('forbids every mutation to a climber; a route that does not exist has no gym to ask', async () => {
  const codes = [];
  for (const mutation of MUTATIONS) codes.push(errorCodes(await t.gql(mutation, {}, t.tokens.climber)));
  expect(codes).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN'], ['NOT_FOUND'], ['NOT_FOUND']]);
});

it('lets admins through to input checks', async () => {
  expect(errorCodes(await t.gql(MUTATIONS[2]!, {}, t.tokens.admin))).toEqual(['NOT_FOUND']);
});

it('rejects forged, expired and foreign tokens as UNAUTHENTICATED, even for queries', async () => {
  const expired = await signTestToken(t.keys.JWT_PRIVATE_KEY, { sub: id, role: 'ADMIN', expiresAt: Math.floor(Date.now() / 1000) - 60 });
  const foreign = await signTestToken(t.keys.JWT_PRIVATE_KEY, { sub: id, role: 'ADMIN', audience: 'someone-else' });
  const tampered = `${t.tokens.climber.slice(0, -4)}AAAA`;
  for (const token of [expired, foreign, tampered, 'not-a-jwt']) {
    const response = await t.gql(`{ gradeSystems { id } }`, {}, token);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect([response.status, response.data ?? null]).toEqual([401, null]);
  }
  expect(await t.gql(`{ gradeSystems { id } }`)).toEqual({ status: 200, data: { gradeSystems: [] } });
});
