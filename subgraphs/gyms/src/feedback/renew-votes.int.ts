import { dataOf, errorCodes, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;
let gymId: string;
let other: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startGymsUnderTest('renew_votes');
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
  other = await t.token('CLIMBER', '00000000-0000-4000-8000-00000000000a');
});
afterAll(() => t?.stop());

const route = async () => (await t.build.route(t.tokens.admin, { gymId, gradeId: v.grades[0]!.id })).id;
const FIELDS = 'id renewVoteCount myRenewVote';
const vote = (routeId: string, token?: string) => t.gql(`mutation ($id: ID!) { voteRenew(routeId: $id) { ${FIELDS} } }`, { id: routeId }, token);
const withdraw = (routeId: string, token?: string) => t.gql(`mutation ($id: ID!) { withdrawRenewVote(routeId: $id) { ${FIELDS} } }`, { id: routeId }, token);
const read = async (routeId: string, token?: string) => dataOf(await t.gql(`query ($id: ID!) { route(id: $id) { ${FIELDS} } }`, { id: routeId }, token))['route'];

describe('voteRenew and withdrawRenewVote', () => {
  it('counts one vote per climber and route, and tells each climber their own', async () => {
    const id = await route();
    expect(dataOf(await vote(id, t.tokens.climber))['voteRenew']).toEqual({ id, renewVoteCount: 1, myRenewVote: true });
    // Voting again changes nothing.
    expect(dataOf(await vote(id, t.tokens.climber))['voteRenew']).toEqual({ id, renewVoteCount: 1, myRenewVote: true });
    expect(dataOf(await vote(id, other))['voteRenew']).toEqual({ id, renewVoteCount: 2, myRenewVote: true });
    expect(await read(id)).toEqual({ id, renewVoteCount: 2, myRenewVote: false });
    expect(dataOf(await withdraw(id, t.tokens.climber))['withdrawRenewVote']).toEqual({ id, renewVoteCount: 1, myRenewVote: false });
    expect(dataOf(await withdraw(id, t.tokens.climber))['withdrawRenewVote']).toEqual({ id, renewVoteCount: 1, myRenewVote: false });
    expect(await read(id, other)).toEqual({ id, renewVoteCount: 1, myRenewVote: true });
  });

  it('refuses a stripped route, an unknown one and an anonymous climber', async () => {
    const stripped = await route();
    await t.build.stripRoute(t.tokens.admin, stripped);
    const refused = await vote(stripped, t.tokens.climber);
    expect(refused.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['field']])).toEqual([['BAD_USER_INPUT', 'routeId']]);
    expect(errorCodes(await vote(UNKNOWN, t.tokens.climber))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await vote('nope', t.tokens.climber))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await vote(await route()))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await withdraw(stripped))).toEqual(['UNAUTHENTICATED']);
  });

  it('limits a climber to 60 vote changes an hour, counting only changes', async () => {
    const climber = await t.token('CLIMBER', '00000000-0000-4000-8000-00000000000b');
    const id = await route();
    for (let i = 0; i < 29; i++) {
      expect(errorCodes(await vote(id, climber))).toEqual([]);
      expect(errorCodes(await withdraw(id, climber))).toEqual([]);
    }
    // A withdrawal of no vote changes nothing, and is not counted: 58 changes so far.
    expect(errorCodes(await withdraw(id, climber))).toEqual([]);
    expect(errorCodes(await vote(id, climber))).toEqual([]);
    expect(errorCodes(await withdraw(id, climber))).toEqual([]);
    const refused = await vote(id, climber);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'RENEW_VOTES', limit: 60 });
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(3500);
    expect(await read(id, climber)).toEqual({ id, renewVoteCount: 0, myRenewVote: false });
    // Another climber is not held back.
    expect(errorCodes(await vote(id, other))).toEqual([]);
  });
});

describe('batching', () => {
  it('reads the counts and your votes of a gym of 10 or 200 routes in the same statements', async () => {
    const counted = async (routes: number) => {
      const gym = (await t.build.gym(t.tokens.admin, { name: `Batch ${routes}`, gradeSystemId: v.id })).id;
      for (let i = 0; i < routes; i++) {
        const id = (await t.build.route(t.tokens.admin, { gymId: gym, gradeId: v.grades[i % 3]!.id })).id;
        if (i % 3 === 0) await vote(id, t.tokens.climber);
      }
      const query = `query ($id: ID!) { gym(id: $id) { routes { renewVoteCount myRenewVote openReportCount } } }`;
      t.resetStatements();
      const routesOf = dataOf(await t.gql(query, { id: gym }, t.tokens.admin))['gym'].routes;
      expect(routesOf).toHaveLength(routes);
      return t.statements.length;
    };
    const ten = await counted(10);
    const many = await counted(200);
    expect({ ten, many }).toEqual({ ten: 5, many: 5 });
  }, 120_000);
});
