import { type Auth, builders, dataOf, errorCodes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type UsersWithGyms, startUsersWithGyms } from '../test-service';

// The notifications the users service makes of what happens in both services, with the real
// gyms service calling it as in production: a project's route planned to come down (a gyms
// write), and a leaderboard place taken (a climber's send).

const NOTIFICATIONS = /* GraphQL */ `{ me { notifications(first: 20) { edges { node { kind actor { username } route { id } gym { id } plannedStripAt } } } } }`;
const ADD_PROJECT = /* GraphQL */ `mutation($routeId: ID!) { addProject(input: { routeId: $routeId }) { id } }`;
const PLAN = /* GraphQL */ `mutation($input: PlanStripInput!) { planStrip(input: $input) { id plannedStripAt } }`;
const UPDATE_ROUTE = /* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`;
const COMING_DOWN = /* GraphQL */ `mutation($routes: [RouteComingDownInput!]!) { _routesComingDown(routes: $routes) }`;
const UPDATE_CLIMB = /* GraphQL */ `mutation($input: UpdateClimbInput!) { updateClimb(input: $input) { id } }`;
const OPT_IN = /* GraphQL */ `mutation($visibility: Visibility!) { updatePreferences(input: { showOnLeaderboards: true, visibility: $visibility }) { showOnLeaderboards } }`;

let users: UsersWithGyms;
let admin: string;

beforeAll(async () => {
  users = await startUsersWithGyms('users_notifications_services', {}, { gymsCallsUsers: true });
  admin = await users.gyms.token('ADMIN');
}, 120_000);
afterAll(() => users?.stop());

type Node = { kind: string; actor: { username: string } | null; route: { id: string } | null; gym: { id: string } | null; plannedStripAt: string | null };
const notificationsOf = async (climber: Auth): Promise<Node[]> =>
  dataOf(await users.gql(NOTIFICATIONS, {}, climber.accessToken))['me'].notifications.edges.map((edge: { node: Node }) => edge.node);

describe('a project route about to come down', () => {
  it("tells each climber whose ACTIVE project it is, once per route and planned time, when gyms plans the strip", async () => {
    const { gymId } = users.gyms.fixtures;
    const climbers = builders(users.gql);
    const routeId = (await builders(users.gyms.gql).route(admin, { gymId, gradeId: users.gyms.fixtures.gradeId })).id;
    const [pia, quin, rex] = [await climbers.user({ username: 'pia' }), await climbers.user({ username: 'quin' }), await climbers.user({ username: 'rex' })];
    for (const climber of [pia, quin]) dataOf(await users.gql(ADD_PROJECT, { routeId }, climber.accessToken));
    // quin sent it: the project is SENT, not ACTIVE.
    await climbers.climb(quin.accessToken, { sessionId: (await climbers.session(quin.accessToken, { gymId })).id, routeId });

    const first = new Date(Date.now() + 7 * 86_400_000).toISOString();
    dataOf(await users.gyms.gql(PLAN, { input: { routeIds: [routeId], plannedStripAt: first } }, admin));
    const told = { kind: 'PROJECT_COMING_DOWN', actor: null, route: { id: routeId }, gym: { id: gymId }, plannedStripAt: first };
    await expect.poll(() => notificationsOf(pia)).toEqual([told]);

    // Told again of the same plan: nothing new. Moved: told of the new time.
    const again = await users.gql(COMING_DOWN, { routes: [{ id: routeId, gymId, plannedStripAt: first }] });
    expect(dataOf(again)).toEqual({ _routesComingDown: 0 });
    const moved = new Date(Date.now() + 14 * 86_400_000).toISOString();
    dataOf(await users.gyms.gql(UPDATE_ROUTE, { input: { id: routeId, plannedStripAt: moved } }, admin));
    await expect.poll(() => notificationsOf(pia)).toEqual([{ ...told, plannedStripAt: moved }, told]);
    expect([await notificationsOf(quin), await notificationsOf(rex)]).toEqual([[], []]);
  });

  it('is the gyms service\'s to call: a climber\'s token is FORBIDDEN', async () => {
    const climber = await builders(users.gql).user();
    const response = await users.gql(COMING_DOWN, { routes: [] }, climber.accessToken);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
  });
});

describe('a leaderboard place taken', () => {
  it("tells the climbers of a gym's MONTH top 10 whom a climber's send moved past, when they may see that climber", async () => {
    const { gymId, gradeId } = users.gyms.fixtures;
    const climbers = builders(users.gql);
    const routes: string[] = [];
    for (let i = 0; i < 4; i++) routes.push((await builders(users.gyms.gql).route(admin, { gymId, gradeId })).id);
    const [kim, alex, moe, lee] = [await climbers.user({ username: 'kim' }), await climbers.user({ username: 'alex' }), await climbers.user({ username: 'moe' }), await climbers.user({ username: 'lee' })];
    // PUBLIC accounts: each may see the others' entries.
    for (const climber of [kim, alex, moe]) dataOf(await users.gql(OPT_IN, { visibility: 'PUBLIC' }, climber.accessToken));
    /** Sends of routes[from, to) in a new session, one climb at a time: each route scores its grade once. */
    const send = async (climber: Auth, from: number, to: number) => {
      const sessionId = (await climbers.session(climber.accessToken, { gymId })).id;
      for (const routeId of routes.slice(from, to)) await climbers.climb(climber.accessToken, { sessionId, routeId, attempts: 2, style: 'REDPOINT' });
    };
    const placesTaken = async (climber: Auth) =>
      (await notificationsOf(climber)).filter((n) => n.kind === 'LEADERBOARD_PLACE_TAKEN').map((n) => [n.actor?.username, n.gym?.id]);

    await send(kim, 0, 1);
    // alex draws level (no place taken), then passes kim.
    await send(alex, 0, 2);
    await expect.poll(() => placesTaken(kim)).toEqual([['alex', gymId]]);
    // lee sends more, but is not on leaderboards: nobody is told.
    await send(lee, 0, 4);
    // moe passes both.
    await send(moe, 0, 3);
    await expect.poll(() => placesTaken(alex)).toEqual([['moe', gymId]]);
    await expect.poll(() => placesTaken(kim)).toEqual([['moe', gymId], ['alex', gymId]]);
    expect([await placesTaken(moe), await placesTaken(lee)]).toEqual([[], []]);

    // kim passes alex with sends, then moe by making a logged try a send (updateClimb).
    await send(kim, 1, 3);
    await expect.poll(() => placesTaken(alex)).toEqual([['kim', gymId], ['moe', gymId]]);
    const sessionId = (await climbers.session(kim.accessToken, { gymId })).id;
    const tried = await climbers.climb(kim.accessToken, { sessionId, routeId: routes[3]!, sent: false, style: 'ATTEMPT' });
    expect(await placesTaken(moe)).toEqual([]);
    dataOf(await users.gql(UPDATE_CLIMB, { input: { id: tried.id, sent: true, style: 'REDPOINT' } }, kim.accessToken));
    await expect.poll(() => placesTaken(moe)).toEqual([['kim', gymId]]);

    // nat's account is FOLLOWERS, and only alex follows nat: nat passes all three, only alex is told.
    const nat = await climbers.user({ username: 'nat' });
    dataOf(await users.gql(OPT_IN, { visibility: 'FOLLOWERS' }, nat.accessToken));
    dataOf(await users.gql(/* GraphQL */ `mutation($id: ID!) { follow(input: { userId: $id }) { status } }`, { id: nat.user.id }, alex.accessToken));
    dataOf(await users.gql(/* GraphQL */ `mutation($id: ID!) { acceptFollow(input: { userId: $id }) { id } }`, { id: alex.user.id }, nat.accessToken));
    routes.push((await builders(users.gyms.gql).route(admin, { gymId, gradeId })).id);
    await send(nat, 0, 5);
    await expect.poll(() => placesTaken(alex)).toEqual([['nat', gymId], ['kim', gymId], ['moe', gymId]]);
    expect([await placesTaken(kim), await placesTaken(moe)]).toEqual([
      [['moe', gymId], ['alex', gymId]],
      [['kim', gymId]],
    ]);
  });
});
