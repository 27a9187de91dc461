import { type Builders, builders, errorCodes, errorField, type GraphQLResponse } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const PAGE = /* GraphQL */ `query($id: ID!, $first: Int, $after: String) {
  user(id: $id) { sessions(first: $first, after: $after) { totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
}`;

interface Connection {
  totalCount: number;
  edges: { cursor: string; node: { name: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

let users: UsersWithGyms;
let fx: GymFixtures;
let admin: string;
let build: Builders;

/** A climber with `count` sessions (named s1 oldest … sN newest), each with `climbs` climbs. */
async function climberWithSessions(username: string, count: number, climbs: number) {
  const climber = await build.user({ username });
  for (let i = 1; i <= count; i++) {
    // Two sessions share a start time so the id breaks the tie.
    const startTime = new Date(Date.UTC(2026, 0, Math.min(i, count - 1), 18)).toISOString();
    const session = await build.session(climber.accessToken, { gymId: fx.gymId, name: `s${i}`, startTime });
    for (let c = 0; c < climbs; c++) {
      await build.climb(climber.accessToken, { sessionId: session.id, routeId: fx.routeId, attempts: 2, sent: c % 2 === 0 });
    }
  }
  return climber;
}

beforeAll(async () => {
  users = await startUsersWithGyms('users_user_sessions');
  fx = users.gyms.fixtures;
  build = builders(users.gql);
  admin = await users.token('ADMIN');
});
afterAll(() => users?.stop());

describe('User.sessions', () => {
  it('pages newest first with keyset cursors', async () => {
    const alex = await climberWithSessions('alex', 5, 0);
    const names: string[] = [];
    let after: string | null = null;
    const pages: unknown[] = [];
    do {
      const response: GraphQLResponse = await users.gql(PAGE, { id: alex.user.id, first: 2, after }, alex.accessToken);
      const connection: Connection = response.data?.user.sessions;
      names.push(...connection.edges.map((edge) => edge.node.name));
      pages.push({ totalCount: connection.totalCount, hasNextPage: connection.pageInfo.hasNextPage, hasPreviousPage: connection.pageInfo.hasPreviousPage });
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    // s4 and s5 start at the same time: the larger id comes first, whichever it is.
    expect(names.slice(2)).toEqual(['s3', 's2', 's1']);
    expect(names.slice(0, 2).sort()).toEqual(['s4', 's5']);
    expect(pages).toEqual([
      { totalCount: 5, hasNextPage: true, hasPreviousPage: false },
      { totalCount: 5, hasNextPage: true, hasPreviousPage: true },
      { totalCount: 5, hasNextPage: false, hasPreviousPage: true },
    ]);
    const empty = await users.gql(PAGE, { id: alex.user.id, first: 0 }, admin);
    expect(empty.data?.user.sessions).toEqual({
      totalCount: 5,
      edges: [],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('rejects a page size over 100 and a cursor it did not issue', async () => {
    const sam = await build.user({ username: 'sam' });
    const tooBig = await users.gql(PAGE, { id: sam.user.id, first: 101 }, sam.accessToken);
    expect([errorCodes(tooBig), errorField(tooBig)]).toEqual([['BAD_USER_INPUT'], 'first']);
    for (const after of ['garbage', Buffer.from('["x","y"]').toString('base64url')]) {
      const forged = await users.gql(PAGE, { id: sam.user.id, after }, sam.accessToken);
      expect([errorCodes(forged), errorField(forged)]).toEqual([['BAD_USER_INPUT'], 'after']);
    }
  });

  it("are the user's own and an ADMIN's to see, FORBIDDEN to a stranger of a FOLLOWERS account (the default)", async () => {
    const kim = await climberWithSessions('kim', 1, 2);
    const lee = await build.user({ username: 'lee' });
    const query = /* GraphQL */ `query($id: ID!) { user(id: $id) { username stats { sessionCount climbCount sendCount totalDuration } } }`;
    const expected = { user: { username: 'kim', stats: { sessionCount: 1, climbCount: 2, sendCount: 1, totalDuration: 'PT0S' } } };
    expect((await users.gql(query, { id: kim.user.id }, kim.accessToken)).data).toEqual(expected);
    expect((await users.gql(query, { id: kim.user.id }, admin)).data).toEqual(expected);
    const forbidden = await users.gql(query, { id: kim.user.id }, lee.accessToken);
    expect([errorCodes(forbidden), forbidden.data]).toEqual([['FORBIDDEN'], { user: { username: 'kim', stats: null } }]);
    expect(errorCodes(await users.gql(PAGE, { id: kim.user.id }, lee.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await users.gql(PAGE, { id: kim.user.id }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('statements per query', () => {
  it('do not grow with the number of sessions and climbs returned', async () => {
    const few = await climberWithSessions('few', 1, 1);
    const many = await climberWithSessions('many', 20, 3);
    const query = /* GraphQL */ `{ me { sessions(first: 50) { edges { node { climbs { id } } } } stats { climbCount } } }`;
    const count = async (token: string) => {
      users.resetStatements();
      const response = await users.gql(query, {}, token);
      expect(response.errors).toBeUndefined();
      return { statements: users.statements.length, climbs: response.data?.me.stats.climbCount };
    };
    // The sessions page with their climbs and the viewer's row (one statement), the stats aggregate.
    expect(await count(few.accessToken)).toEqual({ statements: 2, climbs: 1 });
    expect(await count(many.accessToken)).toEqual({ statements: 2, climbs: 60 });
  });
});
