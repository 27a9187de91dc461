import { type Auth, builders, dataOf, errorCodes, errorField, TEST_PASSWORD } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_PREFERENCES } from '../stats/test-stats';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const RATE = /* GraphQL */ `mutation($input: RateRouteInput!) {
  rateRoute(input: $input) { id stars comment suggestedGrade { id } user { username } route { id } createdAt updatedAt }
}`;
const DELETE = /* GraphQL */ `mutation($routeId: ID!) { deleteRating(input: { routeId: $routeId }) }`;
const ROUTES = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Route {
  rating { average count } communityGrade { id } myRating { id stars } ascents { sendCount climberCount flashRate averageAttempts }
} } }`;
const RATINGS = /* GraphQL */ `query($r: [_Any!]!, $first: Int, $after: String) { _entities(representations: $r) { ... on Route {
  ratings(first: $first, after: $after) { edges { node { stars comment user { username } } } pageInfo { hasNextPage hasPreviousPage endCursor } }
} } }`;
const RATING = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Rating { stars user { username } } } }`;
const GRADES = /* GraphQL */ `query($id: ID!) { route(id: $id) { grade { id system { grades { id value } } } } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let admin: string;
/** The fixture system's grades, easiest first (VB, V0 … V3). */
let grades: string[];
let climbers: Record<'alex' | 'sam' | 'kim' | 'lee', Auth>;
/** A grade of another grade system than the fixture routes'. */
let otherSystemGrade: string;

const rate = (token: string | undefined, input: Record<string, unknown>) => users.gql(RATE, { input: { routeId: fx.routeId, stars: 4, ...input } }, token);
const routes = (ids: string[], token?: string) => users.gql(ROUTES, { r: ids.map((id) => ({ __typename: 'Route', id })) }, token);
/** A fresh route at the fixture gym, graded V0. */
const newRoute = async () => (await builders(users.gyms.gql).route(admin, { gymId: fx.gymId, gradeId: grades[1]! })).id;

beforeAll(async () => {
  users = await startUsersWithGyms('users_ratings');
  fx = users.gyms.fixtures;
  admin = await users.gyms.token('ADMIN');
  const route = dataOf(await users.gyms.gql(GRADES, { id: fx.routeId })).route;
  grades = route.grade.system.grades.map((grade: { id: string }) => grade.id);
  const build = builders(users.gql);
  climbers = { alex: await build.user({ username: 'alex' }), sam: await build.user({ username: 'sam' }), kim: await build.user({ username: 'kim' }), lee: await build.user({ username: 'lee' }) };
  otherSystemGrade = (await builders(users.gyms.gql).gradeSystem(admin, { grades: ['5a', '5b'] })).grades[0]!.id;
  // Public accounts: anyone may read their ratings (privacy.int.ts covers the other visibilities).
  for (const climber of Object.values(climbers)) dataOf(await users.gql(UPDATE_PREFERENCES, { input: { visibility: 'PUBLIC' } }, climber.accessToken));
}, 180_000);
afterAll(() => users?.stop());

describe('rateRoute', () => {
  it('creates the rating, then replaces it in place: same id and createdAt, new values', async () => {
    const routeId = await newRoute();
    const first = dataOf(await rate(climbers.alex.accessToken, { routeId, stars: 2, suggestedGradeId: grades[2], comment: ' Crimpy\nand sharp ' })).rateRoute;
    expect(first).toMatchObject({ stars: 2, comment: 'Crimpy\nand sharp', suggestedGrade: { id: grades[2] }, user: { username: 'alex' }, route: { id: routeId } });
    const second = dataOf(await rate(climbers.alex.accessToken, { routeId, stars: 5 })).rateRoute;
    expect(second).toEqual({ ...first, stars: 5, comment: null, suggestedGrade: null, updatedAt: expect.any(String) });
    expect(Date.parse(second.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt));
    expect(dataOf(await routes([routeId], climbers.alex.accessToken))._entities[0]).toMatchObject({ rating: { average: 5, count: 1 }, myRating: { id: first.id, stars: 5 } });
    // A PUBLIC account's: anyone may read it by its id.
    expect(dataOf(await users.gql(RATING, { r: [{ __typename: 'Rating', id: first.id }] }))._entities).toEqual([{ stars: 5, user: { username: 'alex' } }]);
  });

  it('rates a stripped route too', async () => {
    expect(dataOf(await rate(climbers.alex.accessToken, { routeId: fx.strippedRouteId, stars: 1 })).rateRoute.stars).toBe(1);
  });

  it.each([
    ['an unknown route', () => ({ routeId: crypto.randomUUID() }), 'input.routeId'],
    ['a malformed route id', () => ({ routeId: 'nope' }), 'input.routeId'],
    ['0 stars', () => ({ stars: 0 }), 'input.stars'],
    ['6 stars', () => ({ stars: 6 }), 'input.stars'],
    ['a suggested grade of another grade system', () => ({ suggestedGradeId: otherSystemGrade }), 'input.suggestedGradeId'],
    ['an unknown suggested grade', () => ({ suggestedGradeId: crypto.randomUUID() }), 'input.suggestedGradeId'],
    ['a comment over 500 characters', () => ({ comment: 'c'.repeat(501) }), 'input.comment'],
  ])('rejects %s with BAD_USER_INPUT naming the field', async (_what, input, field) => {
    const response = await rate(climbers.sam.accessToken, input());
    expect([errorCodes(response), errorField(response), response.data]).toEqual([['BAD_USER_INPUT'], field, null]);
  });

  it('UNAUTHENTICATED without a token', async () => {
    expect(errorCodes(await rate(undefined, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('deleteRating', () => {
  it("deletes the viewer's rating and returns its id; NOT_FOUND when there is none; UNAUTHENTICATED without a token", async () => {
    const routeId = await newRoute();
    const { id } = dataOf(await rate(climbers.sam.accessToken, { routeId })).rateRoute;
    expect(errorCodes(await users.gql(DELETE, { routeId }, climbers.kim.accessToken))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await users.gql(DELETE, { routeId }))).toEqual(['UNAUTHENTICATED']);
    expect(dataOf(await users.gql(DELETE, { routeId }, climbers.sam.accessToken))).toEqual({ deleteRating: id });
    expect(errorCodes(await users.gql(DELETE, { routeId }, climbers.sam.accessToken))).toEqual(['NOT_FOUND']);
    expect(dataOf(await routes([routeId], climbers.sam.accessToken))._entities[0]).toMatchObject({ rating: { average: null, count: 0 }, myRating: null });
  });

  it("goes with the account: deleteAccount erases the user's ratings", async () => {
    const routeId = await newRoute();
    const leaving = await builders(users.gql).user({ username: 'leaving' });
    await rate(leaving.accessToken, { routeId });
    expect(dataOf(await routes([routeId]))._entities[0].rating.count).toBe(1);
    const deleted = await users.gql(/* GraphQL */ `mutation($p: String!) { deleteAccount(input: { password: $p }) }`, { p: TEST_PASSWORD }, leaving.accessToken);
    expect(errorCodes(deleted)).toEqual([]);
    expect(dataOf(await routes([routeId]))._entities[0].rating).toEqual({ average: null, count: 0 });
  });
});

describe('Route fields', () => {
  it('communityGrade: none with 2 suggestions, the median with 3, the lower median with 4', async () => {
    const routeId = await newRoute();
    const suggest = (who: Auth, grade: number) => rate(who.accessToken, { routeId, suggestedGradeId: grades[grade] });
    await suggest(climbers.alex, 4);
    await suggest(climbers.sam, 1);
    // A rating without a suggestion does not count towards the community grade.
    await rate(climbers.lee.accessToken, { routeId, stars: 1 });
    const communityGrade = async () => dataOf(await routes([routeId]))._entities[0].communityGrade;
    expect(await communityGrade()).toBeNull();
    await suggest(climbers.kim, 2);
    expect(await communityGrade()).toEqual({ id: grades[2] });
    await suggest(climbers.lee, 3);
    // 1, 2, 3, 4: the lower of the middle two.
    expect(await communityGrade()).toEqual({ id: grades[2] });
    expect(dataOf(await routes([routeId]))._entities[0].rating).toEqual({ average: 4, count: 4 });
  });

  it('myRating is null without a token and for someone who did not rate', async () => {
    const routeId = await newRoute();
    await rate(climbers.alex.accessToken, { routeId, stars: 3 });
    const mine = async (token?: string) => dataOf(await routes([routeId], token))._entities[0].myRating;
    expect(await mine(climbers.alex.accessToken)).toMatchObject({ stars: 3 });
    expect(await mine(climbers.sam.accessToken)).toBeNull();
    expect(await mine()).toBeNull();
  });

  it('ascents: climbers, senders, first-try sends and attempts up to the first send', async () => {
    const routeId = await newRoute();
    const build = builders(users.gql);
    const log = async (who: Auth, ...climbs: { attempts: number; sent: boolean; style?: string }[]) => {
      const { id: sessionId } = await build.session(who.accessToken, { gymId: fx.gymId });
      for (const climb of climbs) await build.climb(who.accessToken, { sessionId, routeId, ...climb });
    };
    const ascents = async () => dataOf(await routes([routeId]))._entities[0].ascents;
    expect(await ascents()).toEqual({ sendCount: 0, climberCount: 0, flashRate: null, averageAttempts: null });
    // Opted in, so their climbs count at once (the others' days later: public-counts.int.ts).
    for (const who of Object.values(climbers)) await users.gql(UPDATE_PREFERENCES, { input: { showOnLeaderboards: true } }, who.accessToken);
    await log(climbers.alex, { attempts: 1, sent: true, style: 'FLASH' }, { attempts: 1, sent: true, style: 'REPEAT' });
    await log(climbers.sam, { attempts: 4, sent: false }, { attempts: 2, sent: true, style: 'REDPOINT' }, { attempts: 9, sent: false });
    await log(climbers.kim, { attempts: 3, sent: false });
    await log(climbers.lee, { attempts: 1, sent: true, style: 'REPEAT' });
    // Senders alex (1 attempt), sam (4 + 2) and lee (1): 8 / 3; only alex's first climb was a first-try send.
    expect(await ascents()).toEqual({ sendCount: 3, climberCount: 4, flashRate: 0.25, averageAttempts: 8 / 3 });
  });

  it('ratings: newest first, in pages, with or without a comment', async () => {
    const routeId = await newRoute();
    await rate(climbers.alex.accessToken, { routeId, stars: 1, comment: 'First' });
    await rate(climbers.sam.accessToken, { routeId, stars: 2 });
    await rate(climbers.kim.accessToken, { routeId, stars: 3, comment: 'Third' });
    const page = async (first: number, after?: string) =>
      dataOf(await users.gql(RATINGS, { r: [{ __typename: 'Route', id: routeId }], first, after }))._entities[0].ratings;
    const one = await page(2);
    expect(one.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { stars: 3, comment: 'Third', user: { username: 'kim' } },
      { stars: 2, comment: null, user: { username: 'sam' } },
    ]);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const two = await page(2, one.pageInfo.endCursor);
    expect(two.edges.map((edge: { node: unknown }) => edge.node)).toEqual([{ stars: 1, comment: 'First', user: { username: 'alex' } }]);
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const bad = await users.gql(RATINGS, { r: [{ __typename: 'Route', id: routeId }], first: 2, after: 'nope' });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('costs the same SQL statements for 10 routes as for 50', async () => {
    const QUERY = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Route {
      rating { average count } communityGrade { id } myRating { stars } ascents { sendCount flashRate }
      ratings(first: 3) { edges { node { stars user { username } } } }
    } } }`;
    const count = async (n: number) => {
      const ids = Array.from({ length: n }, (_, i) => (i === 0 ? fx.routeId : crypto.randomUUID()));
      users.resetStatements();
      const response = await users.gql(QUERY, { r: ids.map((id) => ({ __typename: 'Route', id })) }, climbers.alex.accessToken);
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities).toHaveLength(n);
      return users.statements.length;
    };
    // The first route has a rating, so its rater is loaded too.
    await rate(climbers.alex.accessToken, { stars: 3 });
    const ten = await count(10);
    expect(await count(50)).toBe(ten);
    // One per field (rating, communityGrade, myRating, ascents, ratings) and one for the raters.
    expect(ten).toBe(6);
  });
});
