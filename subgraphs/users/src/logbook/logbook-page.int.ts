import type { Visibility } from '@clmb/drizzle/users';
import { type Auth, type Builders, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_PREFERENCES } from '../stats/test-stats';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

// The logbook's page of sessions is read with the sessions' climbs in one statement, which primes
// what Session.climbs reads (climbsBySessionId): the same answers as climbs loaded on their own.

const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`;
const LOG = /* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const FOLLOW = /* GraphQL */ `mutation($input: FollowInput!) { follow(input: $input) { status } }`;
/** The bench's logbook query as the router sends it to this subgraph. */
const LOGBOOK = /* GraphQL */ `{ me { sessions(first: 20) { edges { node {
  name duration gym { __typename id } climbs { attempts sent route { __typename id } }
} } } } }`;
const CLIMB_FIELDS = 'id attempts sent visibility notes';
const page = (climbs: string) => /* GraphQL */ `query($id: ID!, $first: Int, $after: String) { user(id: $id) { sessions(first: $first, after: $after) {
  totalCount privateCount edges { cursor node { id name visibility ${climbs} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
} } }`;
const ENTITIES = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { climbs { ${CLIMB_FIELDS} } } } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let build: Builders;
let alex: Auth;
let fan: Auth;
let stranger: Auth;

/** A session of alex's and its climbs, each climb narrowed or not. */
async function session(name: string, day: number, visibility: Visibility | null, climbs: (Visibility | null)[]) {
  const startTime = new Date(Date.UTC(2026, 0, day, 18)).toISOString();
  const { id } = dataOf(await users.gql(START, { input: { gymId: fx.gymId, name, startTime, visibility } }, alex.accessToken)).startSession;
  for (const [i, narrowed] of climbs.entries()) {
    const input = { sessionId: id, routeId: fx.routeId, attempts: i + 1, sent: i % 2 === 0, notes: `${name}.${i}`, visibility: narrowed };
    dataOf(await users.gql(LOG, { input }, alex.accessToken));
  }
}

beforeAll(async () => {
  users = await startUsersWithGyms('users_logbook_page');
  fx = users.gyms.fixtures;
  build = builders(users.gql);
  [alex, fan, stranger] = [await build.user({ username: 'alex' }), await build.user({ username: 'fan' }), await build.user({ username: 'stranger' })];
  dataOf(await users.gql(UPDATE_PREFERENCES, { input: { visibility: 'PUBLIC' } }, alex.accessToken));
  dataOf(await users.gql(FOLLOW, { input: { userId: alex.user.id } }, fan.accessToken));
  await session('s1', 1, null, [null, 'PRIVATE', null]);
  await session('s2', 2, 'PRIVATE', [null]);
  await session('s3', 3, null, []);
  await session('s4', 4, 'FOLLOWERS', [null, 'FOLLOWERS']);
  await session('s5', 5, null, ['FOLLOWERS', null]);
  await session('s6', 6, null, [null]);
}, 180_000);
afterAll(() => users?.stop());

/** The statements `query` costs the users service, as alex. */
async function statementsOf(query: string): Promise<string[]> {
  users.resetStatements();
  dataOf(await users.gql(query, {}, alex.accessToken));
  return [...users.statements];
}

const readsClimbs = (statement: string) => statement.includes('"users"."climb"');

describe("the logbook's page", () => {
  it("is one statement with its climbs and the viewer's own row", async () => {
    const statements = await statementsOf(LOGBOOK);
    expect(statements).toHaveLength(1);
    expect(['"users"."user"', '"users"."session"', '"users"."climb"'].filter((table) => statements[0]!.includes(table))).toHaveLength(3);
  });

  it('finds climbs asked for through a fragment, an inline fragment and aliases, and reads none when they are skipped', async () => {
    const throughFragments = /* GraphQL */ `{ me { ...Logbook } }
      fragment Logbook on User { page: sessions(first: 3) { edges { ... on SessionEdge { node { ascents: climbs { sent } } } } } }`;
    const read = await statementsOf(throughFragments);
    expect([read.length, read.filter(readsClimbs).length]).toEqual([1, 1]);
    const skipped = /* GraphQL */ `{ me { sessions(first: 3) { edges { node { name climbs @skip(if: true) { sent } } } } } }`;
    const statements = await statementsOf(skipped);
    expect([statements.length, statements.filter(readsClimbs)]).toEqual([1, []]);
  });

  it.each([
    ['alex', () => alex],
    ['a follower', () => fan],
    ['a stranger', () => stranger],
  ])('answers %s as climbs loaded on their own do, page after page', async (_name, reader) => {
    const token = reader().accessToken;
    let after: string | null = null;
    const names: string[] = [];
    do {
      const variables: Record<string, unknown> = { id: alex.user.id, first: 2, after };
      const primed = dataOf(await users.gql(page(`climbs { ${CLIMB_FIELDS} }`), variables, token)).user.sessions;
      // The old way: the page without climbs, then each session's climbs as the Session entity reads them.
      const alone = dataOf(await users.gql(page(''), variables, token)).user.sessions;
      const r = alone.edges.map((edge: { node: { id: string } }) => ({ __typename: 'Session', id: edge.node.id }));
      const climbs = dataOf(await users.gql(ENTITIES, { r }, token))._entities;
      for (const [i, edge] of (alone.edges as { node: Record<string, unknown> }[]).entries()) Object.assign(edge.node, climbs[i]);
      expect(primed).toEqual(alone);
      names.push(...primed.edges.map((edge: { node: { name: string } }) => edge.node.name));
      after = primed.pageInfo.hasNextPage ? primed.pageInfo.endCursor : null;
    } while (after);
    const expected = { alex: ['s6', 's5', 's4', 's3', 's2', 's1'], fan: ['s6', 's5', 's4', 's3', 's1'], stranger: ['s6', 's5', 's3', 's1'] };
    expect(names).toEqual(expected[reader().user.username as keyof typeof expected]);
  });

  it("holds each session's climbs in the order they were logged, the narrowed ones left out for a stranger", async () => {
    const climbsOf = async (token: string) =>
      dataOf(await users.gql(page('climbs { notes }'), { id: alex.user.id, first: 10 }, token)).user.sessions.edges.map(
        ({ node }: { node: { name: string; climbs: { notes: string }[] } }) => [node.name, node.climbs.map((climb) => climb.notes)],
      );
    expect(await climbsOf(stranger.accessToken)).toEqual([
      ['s6', ['s6.0']],
      ['s5', ['s5.1']],
      ['s3', []],
      ['s1', ['s1.0', 's1.2']],
    ]);
    expect((await climbsOf(alex.accessToken))[4]).toEqual(['s2', ['s2.0']]);
  });
});

describe('me', () => {
  const ME = /* GraphQL */ `query($first: Int) { me { username sessions(first: $first) { edges { node { name climbs { sent } } } } } }`;

  const tablesOf = (statement: string) => ['"users"."user"', '"users"."session"'].filter((table) => statement.includes(table));
  const ACCOUNT = 'id username email firstName lastName visibility role emailVerified createdAt updatedAt';

  it('answers with the row its page read along, the same row a me without a page reads', async () => {
    for (const [climber, sessionCount] of [
      [alex, 6],
      [stranger, 0],
    ] as const) {
      const alone = dataOf(await users.gql(`{ me { ${ACCOUNT} } }`, {}, climber.accessToken)).me;
      users.resetStatements();
      const withPage = dataOf(await users.gql(`{ me { ${ACCOUNT} sessions(first: 10) { edges { node { name } } } } }`, {}, climber.accessToken)).me;
      expect(withPage).toEqual({ ...alone, sessions: { edges: expect.any(Array) } });
      expect([alone.username, withPage.sessions.edges.length]).toEqual([climber.user.username, sessionCount]);
      // A page that holds a session reads the row along; an empty one leaves it to a statement of its own.
      expect(users.statements.map(tablesOf)).toEqual(sessionCount ? [['"users"."user"', '"users"."session"']] : [['"users"."user"', '"users"."session"'], ['"users"."user"']]);
    }
  });

  it("reads an unknown account's page, which holds nothing, then its row: me is null", async () => {
    const unknown = await users.token('CLIMBER');
    users.resetStatements();
    expect(await users.gql(ME, { first: 2 }, unknown)).toEqual({ status: 200, data: { me: null } });
    expect(users.statements.map(tablesOf)).toEqual([['"users"."user"', '"users"."session"'], ['"users"."user"']]);
  });

  it("leaves a bad page argument to User.sessions to report, and an unknown account's to no one", async () => {
    const bad = await users.gql(ME, { first: 101 }, alex.accessToken);
    expect([errorCodes(bad), errorField(bad), bad.data]).toEqual([['BAD_USER_INPUT'], 'first', { me: { username: 'alex', sessions: null } }]);
    expect(await users.gql(ME, { first: 101 }, await users.token('CLIMBER'))).toEqual({ status: 200, data: { me: null } });
  });
});
