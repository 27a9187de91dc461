import type { ApolloServer } from '@apollo/server';
import { createLogger, type Viewer } from '@clmb/common';
import type { Visibility } from '@clmb/drizzle/users';
import { errorCodes, errorField, type GraphQLResponse } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, createContext } from '../context';
import { schema, type UsersDb } from '../db';
import { createApolloServer } from '../server';
import { openTestDatabase, testContext } from '../test-service';

// The privacy matrix, module-level: three climbers, one per account visibility, each with an open
// session (one climb not narrowed, one narrowed to FOLLOWERS, one to PRIVATE), a session narrowed
// to FOLLOWERS and one narrowed to PRIVATE (one climb each), a rating, a project and a leaderboard
// entry, read by themselves, a follower, a stranger, a climber they blocked, one who blocked them,
// an ADMIN and a reader without a token. Follows and blocks are written to their tables directly.

const { users, sessions, climbs, preferences, ratings, projects, follows, blocks } = schema;

type Owner = 'pub' | 'fol' | 'prv';
type Reader = 'self' | 'follower' | 'stranger' | 'blocked' | 'blocker' | 'admin' | 'anonymous';
const OWNER_VISIBILITY: Record<Owner, Visibility> = { pub: 'PUBLIC', fol: 'FOLLOWERS', prv: 'PRIVATE' };
const OWNERS = Object.keys(OWNER_VISIBILITY) as Owner[];
const READERS: Reader[] = ['self', 'follower', 'stranger', 'blocked', 'blocker', 'admin', 'anonymous'];

const GYM_ID = crypto.randomUUID();
const ROUTE_ID = crypto.randomUUID();

let db: UsersDb;
let close: () => Promise<void>;
let server: ApolloServer<Context>;
const ids: Record<string, string> = {};
/** Per owner: the ids of their sessions and climbs by name. */
const items: Record<Owner, Record<string, string>> = { pub: {}, fol: {}, prv: {} };

async function insertUser(name: string, visibility: Visibility = 'FOLLOWERS', role: 'CLIMBER' | 'ADMIN' = 'CLIMBER') {
  const [row] = await db.insert(users).values({ email: `${name}@example.com`, username: name, firstName: `First ${name}`, visibility, role }).returning({ id: users.id });
  ids[name] = row!.id;
  return row!.id;
}

/** An owner's logbook: sessions and climbs named as the matrix reads them; grades set the leaderboard order (prv, fol, pub). */
async function insertLogbook(owner: Owner, scale: number) {
  const userId = ids[owner]!;
  const startTime = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
  const session = async (name: string, visibility: Visibility | null, hoursAgo: number) => {
    const [row] = await db.insert(sessions).values({ userId, gymId: GYM_ID, name, startTime: startTime(hoursAgo), visibility }).returning({ id: sessions.id });
    items[owner][name] = row!.id;
    return row!.id;
  };
  const climb = async (sessionId: string, name: string, visibility: Visibility | null) => {
    const [row] = await db
      .insert(climbs)
      .values({ sessionId, routeId: ROUTE_ID, attempts: 1, sent: true, style: 'FLASH', gradeScale: scale, gradeId: crypto.randomUUID(), discipline: 'BOULDER', gymId: GYM_ID, notes: name, visibility })
      .returning({ id: climbs.id });
    items[owner][name] = row!.id;
  };
  const open = await session('open', null, 3);
  await climb(open, 'plain', null);
  await climb(open, 'forFollowers', 'FOLLOWERS');
  await climb(open, 'forSelf', 'PRIVATE');
  await climb(await session('followers', 'FOLLOWERS', 2), 'inFollowers', null);
  await climb(await session('private', 'PRIVATE', 1), 'inPrivate', null);
  await db.insert(preferences).values({ userId, showOnLeaderboards: true });
  const [rating] = await db.insert(ratings).values({ userId, routeId: ROUTE_ID, stars: 3, comment: `by ${owner}` }).returning({ id: ratings.id });
  items[owner]['rating'] = rating!.id;
  await db.insert(projects).values({ userId, routeId: ROUTE_ID, position: 1 });
}

const viewerOf = (reader: Reader, owner: Owner): Viewer | null => {
  if (reader === 'anonymous') return null;
  if (reader === 'self') return { id: ids[owner]!, role: 'CLIMBER' };
  return { id: ids[reader]!, role: reader === 'admin' ? 'ADMIN' : 'CLIMBER' };
};

async function run(viewer: Viewer | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  const contextValue = createContext(testContext(db), viewer, '127.0.0.1');
  const { body } = await server.executeOperation({ query, variables }, { contextValue });
  if (body.kind !== 'single') throw new Error('expected a single result');
  return body.singleResult as GraphQLResponse;
}

/** A result a cell of the matrix compares: the data, or the error codes when there are any. */
const outcome = (response: GraphQLResponse, pick: (data: Record<string, any>) => unknown) => (response.errors?.length ? errorCodes(response) : pick(response.data!));

/** For every owner, each reader's outcome, as one table to compare whole. */
async function matrix(query: string, variables: (owner: Owner) => Record<string, unknown>, pick: (data: Record<string, any>) => unknown) {
  const table: Record<string, Record<string, unknown>> = {};
  for (const owner of OWNERS) {
    table[owner] = {};
    for (const reader of READERS) table[owner]![reader] = outcome(await run(viewerOf(reader, owner), query, variables(owner)), pick);
  }
  return table;
}

beforeAll(async () => {
  ({ db, close } = await openTestDatabase('privacy'));
  server = createApolloServer('test', createLogger('users', 'silent'));
  await server.start();
  for (const owner of OWNERS) await insertUser(owner, OWNER_VISIBILITY[owner]);
  for (const reader of ['follower', 'stranger', 'blocked', 'blocker'] as const) await insertUser(reader);
  await insertUser('admin', 'FOLLOWERS', 'ADMIN');
  await insertLogbook('pub', 100);
  await insertLogbook('fol', 200);
  await insertLogbook('prv', 300);
  for (const owner of OWNERS) {
    await db.insert(follows).values({ followerId: ids['follower']!, followeeId: ids[owner]! });
    // `blocked` is blocked by the owner; `blocker` blocked the owner: either way hides both.
    await db.insert(blocks).values([
      { blockerId: ids[owner]!, blockedId: ids['blocked']! },
      { blockerId: ids['blocker']!, blockedId: ids[owner]! },
    ]);
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await close?.();
});

const USER = /* GraphQL */ `query($id: ID!) { user(id: $id) { username firstName visibility } }`;
const SESSIONS = /* GraphQL */ `query($id: ID!) { user(id: $id) { sessions(first: 10) { totalCount privateCount edges { node { name visibility climbs { notes } summary { climbCount privateClimbCount } } } } } }`;
const STATS = /* GraphQL */ `query($id: ID!) { user(id: $id) { stats { sessionCount climbCount sendCount privateSessionCount privateClimbCount } } }`;
const PROJECTS = /* GraphQL */ `query($id: ID!) { user(id: $id) { projects { edges { node { position } } } } }`;
const ENTITIES = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Session { name } ... on Climb { notes } ... on Rating { comment } } }`;

const ALL = ['open', 'followers', 'private'];
const FORBIDDEN = ['FORBIDDEN'];
const UNAUTHENTICATED = ['UNAUTHENTICATED'];

describe('the profile', () => {
  it('is null for a blocked pair either way; names follow the account visibility, username and visibility are public', async () => {
    const table = await matrix(USER, (owner) => ({ id: ids[owner] }), (data) => data.user && (data.user.firstName ? 'names' : 'public'));
    expect(table).toEqual({
      pub: { self: 'names', follower: 'names', stranger: 'names', blocked: null, blocker: null, admin: 'names', anonymous: 'names' },
      fol: { self: 'names', follower: 'names', stranger: 'public', blocked: null, blocker: null, admin: 'names', anonymous: 'public' },
      prv: { self: 'names', follower: 'public', stranger: 'public', blocked: null, blocker: null, admin: 'names', anonymous: 'public' },
    });
    expect((await run(null, USER, { id: ids['prv'] })).data).toEqual({ user: { username: 'prv', firstName: null, visibility: 'PRIVATE' } });
  });

  it('as an entity other types name (a setter, staff), still resolves for a blocked pair, with no more than the public basics', async () => {
    const query = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { username firstName stats { climbCount } } } }`;
    for (const reader of ['blocked', 'blocker'] as const) {
      const response = await run(viewerOf(reader, 'pub'), query, { r: [{ __typename: 'User', id: ids['pub'] }] });
      expect([errorCodes(response), response.data]).toEqual([FORBIDDEN, { _entities: [{ username: 'pub', firstName: null, stats: null }] }]);
    }
  });
});

// A blocked pair reads `user(id)` as null (no error), whatever it selects.
describe('User.sessions, Session.climbs and Session.summary', () => {
  it('lists the sessions and climbs each reader may see, and counts those left out', async () => {
    const table = await matrix(SESSIONS, (owner) => ({ id: ids[owner] }), (data) => {
      if (!data.user) return null;
      const connection = data.user.sessions;
      const names = connection.edges.map((edge: { node: { name: string } }) => edge.node.name).reverse();
      const open = connection.edges.find((edge: { node: { name: string } }) => edge.node.name === 'open')?.node;
      return { names, totalCount: connection.totalCount, privateCount: connection.privateCount, openClimbs: open?.climbs.map((c: { notes: string }) => c.notes), openSummary: open?.summary };
    });
    const all = { names: ALL, totalCount: 3, privateCount: 0, openClimbs: ['plain', 'forFollowers', 'forSelf'], openSummary: { climbCount: 3, privateClimbCount: 0 } };
    const followers = { names: ['open', 'followers'], totalCount: 2, privateCount: 1, openClimbs: ['plain', 'forFollowers'], openSummary: { climbCount: 2, privateClimbCount: 1 } };
    const strangers = { names: ['open'], totalCount: 1, privateCount: 2, openClimbs: ['plain'], openSummary: { climbCount: 1, privateClimbCount: 2 } };
    expect(table).toEqual({
      pub: { self: all, follower: followers, stranger: strangers, blocked: null, blocker: null, admin: all, anonymous: UNAUTHENTICATED },
      fol: { self: all, follower: followers, stranger: FORBIDDEN, blocked: null, blocker: null, admin: all, anonymous: UNAUTHENTICATED },
      prv: { self: all, follower: FORBIDDEN, stranger: FORBIDDEN, blocked: null, blocker: null, admin: all, anonymous: UNAUTHENTICATED },
    });
  });

  it("shows what a session was narrowed to to its climber only", async () => {
    const narrowing = async (viewer: Viewer) => (await run(viewer, SESSIONS, { id: ids['pub'] })).data?.user.sessions.edges.map((edge: { node: { visibility: unknown } }) => edge.node.visibility);
    expect(await narrowing(viewerOf('self', 'pub')!)).toEqual(['PRIVATE', 'FOLLOWERS', null]);
    expect(await narrowing(viewerOf('follower', 'pub')!)).toEqual([null, null]);
  });
});

describe('session(id) and the Session, Climb and Rating entities', () => {
  it('resolve only what the reader may see: null with FORBIDDEN for the rest', async () => {
    const cell = (what: string, typename: string) =>
      matrix(ENTITIES, (owner) => ({ r: [{ __typename: typename, id: items[owner][what] }] }), (data) => (data._entities[0] ? 'seen' : null));
    const followersSession = await cell('followers', 'Session');
    expect(followersSession).toEqual({
      pub: { self: 'seen', follower: 'seen', stranger: FORBIDDEN, blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: UNAUTHENTICATED },
      fol: { self: 'seen', follower: 'seen', stranger: FORBIDDEN, blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: UNAUTHENTICATED },
      prv: { self: 'seen', follower: FORBIDDEN, stranger: FORBIDDEN, blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: UNAUTHENTICATED },
    });
    const privateClimb = await cell('forSelf', 'Climb');
    for (const owner of OWNERS) {
      expect(privateClimb[owner]).toEqual({ self: 'seen', follower: FORBIDDEN, stranger: FORBIDDEN, blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: UNAUTHENTICATED });
    }
    const plainClimb = await cell('plain', 'Climb');
    expect(plainClimb['pub']).toEqual({ self: 'seen', follower: 'seen', stranger: 'seen', blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: UNAUTHENTICATED });
    const rating = await cell('rating', 'Rating');
    expect(rating).toEqual({
      pub: { self: 'seen', follower: 'seen', stranger: 'seen', blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: 'seen' },
      fol: { self: 'seen', follower: 'seen', stranger: FORBIDDEN, blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: FORBIDDEN },
      prv: { self: 'seen', follower: FORBIDDEN, stranger: FORBIDDEN, blocked: FORBIDDEN, blocker: FORBIDDEN, admin: 'seen', anonymous: FORBIDDEN },
    });
    const byQuery = await run(viewerOf('stranger', 'pub'), /* GraphQL */ `query($id: ID!) { session(id: $id) { name } }`, { id: items['pub']['followers'] });
    expect([errorCodes(byQuery), byQuery.data]).toEqual([FORBIDDEN, { session: null }]);
  });
});

describe('User.stats', () => {
  it('counts only the sessions and climbs the reader may see, and says how many it left out', async () => {
    const table = await matrix(STATS, (owner) => ({ id: ids[owner] }), (data) => (data.user ? data.user.stats : null));
    const all = { sessionCount: 3, climbCount: 5, sendCount: 5, privateSessionCount: 0, privateClimbCount: 0 };
    // The open session's plain and FOLLOWERS climbs, and the FOLLOWERS session's climb.
    const followers = { sessionCount: 2, climbCount: 3, sendCount: 3, privateSessionCount: 1, privateClimbCount: 2 };
    const strangers = { sessionCount: 1, climbCount: 1, sendCount: 1, privateSessionCount: 2, privateClimbCount: 4 };
    expect(table).toEqual({
      pub: { self: all, follower: followers, stranger: strangers, blocked: null, blocker: null, admin: all, anonymous: UNAUTHENTICATED },
      fol: { self: all, follower: followers, stranger: FORBIDDEN, blocked: null, blocker: null, admin: all, anonymous: UNAUTHENTICATED },
      prv: { self: all, follower: FORBIDDEN, stranger: FORBIDDEN, blocked: null, blocker: null, admin: all, anonymous: UNAUTHENTICATED },
    });
  });
});

describe('User.projects', () => {
  it("follows the account's visibility", async () => {
    const table = await matrix(PROJECTS, (owner) => ({ id: ids[owner] }), (data) => (data.user ? data.user.projects.edges.length : null));
    expect(table).toEqual({
      pub: { self: 1, follower: 1, stranger: 1, blocked: null, blocker: null, admin: 1, anonymous: UNAUTHENTICATED },
      fol: { self: 1, follower: 1, stranger: FORBIDDEN, blocked: null, blocker: null, admin: 1, anonymous: UNAUTHENTICATED },
      prv: { self: 1, follower: FORBIDDEN, stranger: FORBIDDEN, blocked: null, blocker: null, admin: 1, anonymous: UNAUTHENTICATED },
    });
  });
});

describe("a route's and a gym's figures", () => {
  const ROUTE = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Route {
    rating { count privateCount } ascents { climberCount privateClimberCount }
    ratings(first: 10) { privateCount edges { node { comment user { username } } } }
  } } }`;
  const GYM = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Gym {
    activity { sessionsLast7Days privateSessionsLast7Days activeClimbersLast30Days privateActiveClimbersLast30Days }
    leaderboard(period: WEEK) { rank user { username } } leaderboardPrivateCount(period: WEEK)
  } } }`;
  const route = (viewer: Viewer | null) => run(viewer, ROUTE, { r: [{ __typename: 'Route', id: ROUTE_ID }] });
  const gym = (viewer: Viewer | null) => run(viewer, GYM, { r: [{ __typename: 'Gym', id: GYM_ID }] });
  const reader = (name: string): Viewer => ({ id: ids[name]!, role: name === 'admin' ? 'ADMIN' : 'CLIMBER' });

  it('lists the ratings of climbers the reader may see, with "+N private"; the counts count everyone and say how many are not public', async () => {
    const listed = async (viewer: Viewer | null) => {
      const ratingsPage = (await route(viewer)).data?._entities[0].ratings;
      return [ratingsPage.edges.map((edge: { node: { comment: string } }) => edge.node.comment).sort(), ratingsPage.privateCount];
    };
    expect(await listed(null)).toEqual([['by pub'], 2]);
    expect(await listed(reader('stranger'))).toEqual([['by pub'], 2]);
    expect(await listed(reader('follower'))).toEqual([['by fol', 'by pub'], 1]);
    expect(await listed(reader('blocked'))).toEqual([[], 3]);
    expect(await listed(reader('blocker'))).toEqual([[], 3]);
    expect(await listed(reader('admin'))).toEqual([['by fol', 'by prv', 'by pub'], 0]);
    expect(await listed(reader('prv'))).toEqual([['by prv', 'by pub'], 1]);
    const figures = (await route(null)).data?._entities[0];
    // Only pub's account, session and climb are PUBLIC.
    expect([figures.rating, figures.ascents]).toEqual([
      { count: 3, privateCount: 2 },
      { climberCount: 3, privateClimberCount: 2 },
    ]);
  });

  it('shows the leaderboard entries of climbers the reader may see, at their gym-wide ranks, and counts the others', async () => {
    const board = async (viewer: Viewer | null) => {
      const data = (await gym(viewer)).data?._entities[0];
      return [data.leaderboard.map((entry: { rank: number; user: { username: string } }) => `${entry.rank} ${entry.user.username}`), data.leaderboardPrivateCount];
    };
    expect(await board(null)).toEqual([['3 pub'], 2]);
    expect(await board(reader('stranger'))).toEqual([['3 pub'], 2]);
    expect(await board(reader('follower'))).toEqual([['2 fol', '3 pub'], 1]);
    expect(await board(reader('blocked'))).toEqual([[], 3]);
    expect(await board(reader('admin'))).toEqual([['1 prv', '2 fol', '3 pub'], 0]);
    // Everyone's sessions count (all opted in, so at once); only pub's open session is public.
    expect((await gym(null)).data?._entities[0].activity).toEqual({
      sessionsLast7Days: 9,
      privateSessionsLast7Days: 8,
      activeClimbersLast30Days: 3,
      privateActiveClimbersLast30Days: 2,
    });
  });
});

describe('setting visibility', () => {
  const PREFS = /* GraphQL */ `mutation($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { visibility showOnLeaderboards } }`;

  it('changes the account visibility through updatePreferences, which reads it back; null is BAD_USER_INPUT naming it', async () => {
    const id = await insertUser('setter-of-visibility');
    const viewer: Viewer = { id, role: 'CLIMBER' };
    const me = /* GraphQL */ `{ me { visibility preferences { visibility } } }`;
    expect((await run(viewer, me)).data).toEqual({ me: { visibility: 'FOLLOWERS', preferences: { visibility: 'FOLLOWERS' } } });
    expect((await run(viewer, PREFS, { input: { visibility: 'PRIVATE', showOnLeaderboards: true } })).data).toEqual({ updatePreferences: { visibility: 'PRIVATE', showOnLeaderboards: true } });
    expect((await run(viewer, me)).data).toEqual({ me: { visibility: 'PRIVATE', preferences: { visibility: 'PRIVATE' } } });
    expect((await run({ id: ids['stranger']!, role: 'CLIMBER' }, USER, { id })).data).toEqual({ user: { username: 'setter-of-visibility', firstName: null, visibility: 'PRIVATE' } });
    const cleared = await run(viewer, PREFS, { input: { visibility: null } });
    expect([errorCodes(cleared), errorField(cleared)]).toEqual([['BAD_USER_INPUT'], 'input.visibility']);
  });

  it('narrows a session and a climb with updateSession and updateClimb; null returns to inheriting', async () => {
    const viewer = viewerOf('self', 'pub')!;
    const UPDATE_SESSION = /* GraphQL */ `mutation($input: UpdateSessionInput!) { updateSession(input: $input) { visibility } }`;
    const UPDATE_CLIMB = /* GraphQL */ `mutation($input: UpdateClimbInput!) { updateClimb(input: $input) { visibility } }`;
    const stranger = viewerOf('stranger', 'pub');
    const climbsSeen = async () => (await run(stranger, ENTITIES, { r: [{ __typename: 'Climb', id: items.pub['plain'] }] })).errors?.length ? 'hidden' : 'seen';
    expect((await run(viewer, UPDATE_CLIMB, { input: { id: items.pub['plain'], visibility: 'FOLLOWERS' } })).data).toEqual({ updateClimb: { visibility: 'FOLLOWERS' } });
    expect(await climbsSeen()).toBe('hidden');
    expect((await run(viewer, UPDATE_CLIMB, { input: { id: items.pub['plain'], visibility: null } })).data).toEqual({ updateClimb: { visibility: null } });
    expect(await climbsSeen()).toBe('seen');
    expect((await run(viewer, UPDATE_SESSION, { input: { id: items.pub['open'], visibility: 'PRIVATE' } })).data).toEqual({ updateSession: { visibility: 'PRIVATE' } });
    expect(await climbsSeen()).toBe('hidden');
    expect((await run(viewer, UPDATE_SESSION, { input: { id: items.pub['open'], visibility: null } })).data).toEqual({ updateSession: { visibility: null } });
    expect(await climbsSeen()).toBe('seen');
  });

  it('keeps a narrowing wider than the account as given, and never widens the account with it', async () => {
    const viewer = viewerOf('self', 'fol')!;
    const UPDATE_SESSION = /* GraphQL */ `mutation($input: UpdateSessionInput!) { updateSession(input: $input) { visibility } }`;
    expect((await run(viewer, UPDATE_SESSION, { input: { id: items.fol['open'], visibility: 'PUBLIC' } })).data).toEqual({ updateSession: { visibility: 'PUBLIC' } });
    const byStranger = await run(viewerOf('stranger', 'fol'), ENTITIES, { r: [{ __typename: 'Session', id: items.fol['open'] }] });
    expect(errorCodes(byStranger)).toEqual(FORBIDDEN);
    await run(viewer, UPDATE_SESSION, { input: { id: items.fol['open'], visibility: null } });
  });
});
