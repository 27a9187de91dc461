import { type Auth, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const FEED = /* GraphQL */ `query($first: Int, $after: String) { me { feed(first: $first, after: $after) {
  edges { cursor node { id kind actor { username } session { id summary { climbCount } } climb { id sent } route { id } rating { comment } } }
  pageInfo { hasNextPage endCursor }
} } }`;
const ITEM = /* GraphQL */ `query($id: ID!) { feedItem(id: $id) { id kind actor { username } } }`;
const START = /* GraphQL */ `mutation($gymId: ID!) { startSession(input: { gymId: $gymId }) { id } }`;
const END = /* GraphQL */ `mutation($id: ID!) { endSession(input: { id: $id }) { id } }`;
const LOG = /* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const RATE = /* GraphQL */ `mutation($input: RateRouteInput!) { rateRoute(input: $input) { id } }`;
const ADD_PROJECT = /* GraphQL */ `mutation($routeId: ID!) { addProject(input: { routeId: $routeId }) { id } }`;
const DELETE_SESSION = /* GraphQL */ `mutation($id: ID!) { deleteSession(input: { id: $id }) }`;
const OTHERS_FEED = /* GraphQL */ `query($id: ID!) { user(id: $id) { username feed { edges { cursor } } } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let climbers: Record<'alex' | 'fan' | 'stranger' | 'busy', Auth>;
/** Routes at the fixture gym graded V0, V1 and V2 (the fixture route is VB). */
let routes: string[];

const db = () => users.service.db;
const gql = (query: string, variables: Record<string, unknown>, auth: Auth) => users.gql(query, variables, auth.accessToken);
const mutate = async (query: string, variables: Record<string, unknown>, auth: Auth) => Object.values(dataOf(await gql(query, variables, auth)))[0] as { id: string };
const feedOf = async (auth: Auth, first = 50, after?: string) => dataOf(await gql(FEED, { first, after }, auth)).me.feed;
const follow = (follower: Auth, followee: Auth) => db().insert(schema.follows).values({ followerId: follower.user.id, followeeId: followee.user.id });
const unfollow = (follower: Auth, followee: Auth) =>
  db().delete(schema.follows).where(and(eq(schema.follows.followerId, follower.user.id), eq(schema.follows.followeeId, followee.user.id)));

/** A session of alex's at the fixture gym: `sends` logged as sent, then ended. */
async function session(auth: Auth, sends: string[]): Promise<string> {
  const { id } = await mutate(START, { gymId: fx.gymId }, auth);
  for (const routeId of sends) await mutate(LOG, { input: { sessionId: id, routeId, attempts: 1, sent: true } }, auth);
  await mutate(END, { id }, auth);
  return id;
}

beforeAll(async () => {
  users = await startUsersWithGyms('users_feed');
  fx = users.gyms.fixtures;
  const admin = await users.gyms.token('ADMIN');
  const gyms = builders(users.gyms.gql);
  const { grades } = dataOf(await users.gyms.gql(/* GraphQL */ `query($id: ID!) { route(id: $id) { grade { system { grades { id } } } } }`, { id: fx.routeId })).route.grade
    .system;
  routes = [];
  for (const grade of grades.slice(1, 4)) routes.push((await gyms.route(admin, { gymId: fx.gymId, gradeId: grade.id })).id);
  const build = builders(users.gql);
  climbers = { alex: await build.user({ username: 'alex' }), fan: await build.user({ username: 'fan' }), stranger: await build.user({ username: 'stranger' }), busy: await build.user({ username: 'busy' }) };
  await follow(climbers.fan, climbers.alex);
}, 180_000);
afterAll(() => users?.stop());

describe('me.feed', () => {
  let sessionId: string;
  let items: { id: string; kind: string }[];

  it('shows a follower what alex did, of every kind, newest first', async () => {
    await mutate(ADD_PROJECT, { routeId: routes[1] }, climbers.alex);
    // V0: the first send of a grade; V1, a project: the hardest send and the project sent.
    sessionId = await session(climbers.alex, [routes[0]!, routes[1]!]);
    await mutate(RATE, { input: { routeId: routes[0], stars: 4, comment: 'Crimpy' } }, climbers.alex);
    // A rating without a comment is no news.
    await mutate(RATE, { input: { routeId: routes[2], stars: 2 } }, climbers.alex);
    const feed = await feedOf(climbers.fan);
    items = feed.edges.map((edge: { node: { id: string; kind: string } }) => edge.node);
    expect(items.map((item) => item.kind).slice(0, 2)).toEqual(['RATING_COMMENT', 'SESSION_ENDED']);
    expect(items.map((item) => item.kind).slice(2).sort()).toEqual(['FIRST_SEND_OF_GRADE', 'HARDEST_SEND', 'PROJECT_SENT']);
    const byKind = Object.fromEntries(feed.edges.map((edge: { node: { kind: string } }) => [edge.node.kind, edge.node]));
    expect(byKind).toMatchObject({
      RATING_COMMENT: { actor: { username: 'alex' }, rating: { comment: 'Crimpy' }, route: { id: routes[0] }, session: null, climb: null },
      SESSION_ENDED: { session: { id: sessionId, summary: { climbCount: 2 } }, climb: null, route: null },
      FIRST_SEND_OF_GRADE: { session: { id: sessionId }, climb: { sent: true }, route: { id: routes[0] } },
      HARDEST_SEND: { climb: { sent: true }, route: { id: routes[1] } },
      PROJECT_SENT: { climb: { sent: true }, route: { id: routes[1] } },
    });
    expect(feed.pageInfo.hasNextPage).toBe(false);
    // One item, as the router's live updates ask for it.
    expect(dataOf(await gql(ITEM, { id: items[0]!.id }, climbers.fan)).feedItem).toEqual({ id: items[0]!.id, kind: 'RATING_COMMENT', actor: { username: 'alex' } });
  });

  it('shows nothing of a FOLLOWERS account to a stranger, and no item by id', async () => {
    expect((await feedOf(climbers.stranger)).edges).toEqual([]);
    expect(dataOf(await gql(ITEM, { id: items[0]!.id }, climbers.stranger)).feedItem).toBeNull();
  });

  it('leaves out the items of a session narrowed to PRIVATE, as it is when read', async () => {
    await db().update(schema.sessions).set({ visibility: 'PRIVATE' }).where(eq(schema.sessions.id, sessionId));
    expect((await feedOf(climbers.fan)).edges.map((edge: { node: { kind: string } }) => edge.node.kind)).toEqual(['RATING_COMMENT']);
    const ended = items.find((item) => item.kind === 'SESSION_ENDED')!;
    expect(dataOf(await gql(ITEM, { id: ended.id }, climbers.fan)).feedItem).toBeNull();
    await db().update(schema.sessions).set({ visibility: null }).where(eq(schema.sessions.id, sessionId));
    expect((await feedOf(climbers.fan)).edges).toHaveLength(5);
  });

  it('empties when the follow ends, and when either blocks the other', async () => {
    await unfollow(climbers.fan, climbers.alex);
    expect((await feedOf(climbers.fan)).edges).toEqual([]);
    await follow(climbers.fan, climbers.alex);
    await db().insert(schema.blocks).values({ blockerId: climbers.alex.user.id, blockedId: climbers.fan.user.id });
    expect((await feedOf(climbers.fan)).edges).toEqual([]);
    expect(dataOf(await gql(ITEM, { id: items[0]!.id }, climbers.fan)).feedItem).toBeNull();
    await db().delete(schema.blocks).where(eq(schema.blocks.blockerId, climbers.alex.user.id));
    expect((await feedOf(climbers.fan)).edges).toHaveLength(5);
  });

  it('is the owner\'s alone, and pages hold at most 50', async () => {
    const other = await gql(OTHERS_FEED, { id: climbers.alex.user.id }, climbers.fan);
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    const tooMany = await gql(FEED, { first: 51 }, climbers.fan);
    expect([errorCodes(tooMany), errorField(tooMany)]).toEqual([['BAD_USER_INPUT'], 'first']);
  });

  it('loses the items of a deleted session', async () => {
    const other = await session(climbers.alex, []);
    expect((await feedOf(climbers.fan)).edges[0].node.session.id).toBe(other);
    await mutate(DELETE_SESSION, { id: other }, climbers.alex);
    expect((await feedOf(climbers.fan)).edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(items.map((item) => item.id));
  });
});

describe('a long feed', () => {
  beforeAll(async () => {
    // 60 ended sessions of busy's, a minute apart, written directly.
    const start = Date.now() - 3_600_000 * 24;
    const sessions = await db()
      .insert(schema.sessions)
      .values(Array.from({ length: 60 }, (_, i) => ({ userId: climbers.busy.user.id, gymId: fx.gymId, startTime: new Date(start + i * 60_000), endTime: new Date(start + i * 60_000 + 30_000) })))
      .returning();
    await db().insert(schema.feedItems).values(sessions.map((s) => ({ actorId: s.userId, kind: 'SESSION_ENDED' as const, sessionId: s.id, createdAt: s.endTime! })));
    await follow(climbers.stranger, climbers.busy);
  });

  it('pages through every item once, newest first', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const feed = await feedOf(climbers.stranger, 7, after);
      seen.push(...feed.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!feed.pageInfo.hasNextPage) break;
      after = feed.pageInfo.endCursor;
    }
    const whole = (await feedOf(climbers.stranger, 50)).edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen.slice(0, 50)).toEqual(whole);
  });

  it('costs the same statements for a page of 5 as for a page of 50', async () => {
    const count = async (first: number) => {
      users.resetStatements();
      expect((await feedOf(climbers.stranger, first)).edges).toHaveLength(first);
      return users.statements.length;
    };
    expect(await count(50)).toBe(await count(5));
  });

  it('leaves out what the reader may not see and still pages past it, in bounded batches', async () => {
    // The newest 40 of busy's sessions become PRIVATE: a page of 5 reads 3 batches of 6, finds
    // nothing, and says where to go on; the pages after find the rest.
    const newest = await db().select({ id: schema.sessions.id, startTime: schema.sessions.startTime }).from(schema.sessions).where(eq(schema.sessions.userId, climbers.busy.user.id));
    const hidden = newest.sort((a, b) => b.startTime.getTime() - a.startTime.getTime()).slice(0, 40);
    for (const { id } of hidden) await db().update(schema.sessions).set({ visibility: 'PRIVATE' }).where(eq(schema.sessions.id, id));
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 30; page++) {
      const feed = await feedOf(climbers.stranger, 5, after);
      seen.push(...feed.edges.map((edge: { node: { session: { id: string } } }) => edge.node.session.id));
      if (!feed.pageInfo.hasNextPage) break;
      after = feed.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(20);
    expect(seen.some((id) => hidden.some((h) => h.id === id))).toBe(false);
  });
});
