import { type Auth, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const NODE = 'id position note status sentAt expiresAt attempts sessions route { id }';
const ADD = /* GraphQL */ `mutation($input: AddProjectInput!) { addProject(input: $input) { ${NODE} } }`;
const UPDATE = /* GraphQL */ `mutation($input: UpdateProjectInput!) { updateProject(input: $input) { ${NODE} } }`;
const REMOVE = /* GraphQL */ `mutation($projectId: ID!) { removeProject(input: { projectId: $projectId }) }`;
const PROJECTS = /* GraphQL */ `query($status: ProjectStatus, $within: Int, $first: Int, $after: String) { me { projects(status: $status, expiringWithin: $within, first: $first, after: $after) {
  edges { cursor node { ${NODE} } } pageInfo { hasNextPage hasPreviousPage endCursor }
} } }`;
const USER_PROJECTS = /* GraphQL */ `query($id: ID!) { user(id: $id) { username projects { edges { node { id } } } } }`;
const ROUTES = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Route { projectCount myProject { id status } } } }`;
const UPDATE_CLIMB = /* GraphQL */ `mutation($input: UpdateClimbInput!) { updateClimb(input: $input) { id sent } }`;
const DELETE_CLIMB = /* GraphQL */ `mutation($id: ID!) { deleteClimb(input: { id: $id }) }`;
const DELETE_SESSION = /* GraphQL */ `mutation($id: ID!) { deleteSession(input: { id: $id }) }`;
const CLIMB_TIME = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Climb { createdAt } } }`;
const DELETE_ACCOUNT = /* GraphQL */ `mutation($password: String) { deleteAccount(input: { password: $password }) }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let setter: string;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
/** A fresh route at the fixture gym. */
const newRoute = async (spec: { plannedStripAt?: string } = {}) => (await builders(users.gyms.gql).route(setter, { gymId: fx.gymId, gradeId: fx.gradeId, ...spec })).id;
const newClimber = () => builders(users.gql).user();
const add = (who: Auth, input: Record<string, unknown>) => users.gql(ADD, { input }, who.accessToken);
const added = async (who: Auth, routeId: string, note?: string) => dataOf(await add(who, { routeId, note })).addProject;
const update = (who: Auth, input: Record<string, unknown>) => users.gql(UPDATE, { input }, who.accessToken);
const list = async (who: Auth, args: Record<string, unknown> = {}) => dataOf(await users.gql(PROJECTS, { first: 100, ...args }, who.accessToken)).me.projects;
const nodes = async (who: Auth, args: Record<string, unknown> = {}) => (await list(who, args)).edges.map((e: { node: unknown }) => e.node);
const order = async (who: Auth) => (await nodes(who)).map((p: { id: string; position: number }) => [p.position, p.id]);
const routeFields = async (ids: string[], token?: string) => dataOf(await users.gql(ROUTES, { r: ids.map((id) => ({ __typename: 'Route', id })) }, token))._entities;
const session = async (who: Auth) => (await builders(users.gql).session(who.accessToken, { gymId: fx.gymId })).id;
const climb = async (who: Auth, sessionId: string, routeId: string, spec: { sent: boolean; attempts?: number; style?: string }) =>
  (await builders(users.gql).climb(who.accessToken, { sessionId, routeId, ...spec })).id;
const climbTime = async (who: Auth, id: string) => dataOf(await users.gql(CLIMB_TIME, { r: [{ __typename: 'Climb', id }] }, who.accessToken))._entities[0].createdAt;

beforeAll(async () => {
  // Many climbers sign up from one address.
  users = await startUsersWithGyms('users_projects', { SIGNUP_MAX_PER_ADDRESS: '1000' });
  fx = users.gyms.fixtures;
  setter = await users.gyms.token('ADMIN');
}, 180_000);
afterAll(() => users?.stop());

describe('addProject', () => {
  it('adds the route last in the order, ACTIVE, with its planned strip and the logbook so far', async () => {
    const alex = await newClimber();
    const [first, second] = [await newRoute(), await newRoute({ plannedStripAt: inDays(10) })];
    const sessionA = await session(alex);
    await climb(alex, sessionA, second, { sent: false, attempts: 3 });
    await climb(alex, sessionA, second, { sent: false, attempts: 2 });
    await climb(alex, await session(alex), second, { sent: false, attempts: 4 });
    expect(await added(alex, first, '  Heel hook on the left  ')).toMatchObject({ position: 1, note: 'Heel hook on the left', status: 'ACTIVE', sentAt: null, expiresAt: null, attempts: 0, sessions: 0, route: { id: first } });
    const project = await added(alex, second);
    expect(project).toMatchObject({ position: 2, note: null, status: 'ACTIVE', attempts: 9, sessions: 2, route: { id: second } });
    expect(Date.parse(project.expiresAt)).toBeGreaterThan(Date.now() + 9 * DAY);
  });

  it('is SENT at once on a route the logbook already holds a send of', async () => {
    const alex = await newClimber();
    const routeId = await newRoute();
    const climbId = await climb(alex, await session(alex), routeId, { sent: true, attempts: 2, style: 'REDPOINT' });
    expect(await added(alex, routeId)).toMatchObject({ status: 'SENT', sentAt: await climbTime(alex, climbId) });
  });

  it.each([
    ['an unknown route', () => ({ routeId: crypto.randomUUID() }), 'input.routeId'],
    ['a malformed route id', () => ({ routeId: 'nope' }), 'input.routeId'],
    ['a stripped route', () => ({ routeId: fx.strippedRouteId }), 'input.routeId'],
    ['a note over 500 characters', () => ({ routeId: fx.routeId, note: 'n'.repeat(501) }), 'input.note'],
    ['a note with a line break', () => ({ routeId: fx.routeId, note: 'two\nlines' }), 'input.note'],
    ['a note with a control character', () => ({ routeId: fx.routeId, note: 'bell\u0007' }), 'input.note'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, input, field) => {
    const response = await add(await newClimber(), input());
    expect([errorCodes(response), errorField(response), response.data]).toEqual([['BAD_USER_INPUT'], field, null]);
  });

  it('refuses a second project on the same route', async () => {
    const alex = await newClimber();
    await added(alex, fx.routeId);
    const response = await add(alex, { routeId: fx.routeId });
    expect([errorCodes(response), errorField(response), response.errors?.[0]?.message]).toEqual([['BAD_USER_INPUT'], 'input.routeId', expect.stringContaining('already one of your projects')]);
    expect(await order(alex)).toHaveLength(1);
  });

  it('UNAUTHENTICATED without a token', async () => {
    expect(errorCodes(await users.gql(ADD, { input: { routeId: fx.routeId } }))).toEqual(['UNAUTHENTICATED']);
  });

  it('numbers projects added at the same moment one after the other', async () => {
    const alex = await newClimber();
    const routes = await Promise.all(Array.from({ length: 6 }, () => newRoute()));
    await Promise.all(routes.map((routeId) => added(alex, routeId)));
    expect((await order(alex)).map(([position]: [number]) => position)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('updateProject and removeProject', () => {
  it('moves a project and the others make room, up and down; removing closes the gap', async () => {
    const alex = await newClimber();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await added(alex, await newRoute())).id);
    const [a, b, c, d, e] = ids as [string, string, string, string, string];
    expect(dataOf(await update(alex, { projectId: d, position: 2 })).updateProject.position).toBe(2);
    expect(await order(alex)).toEqual([[1, a], [2, d], [3, b], [4, c], [5, e]]);
    await update(alex, { projectId: a, position: 5 });
    expect(await order(alex)).toEqual([[1, d], [2, b], [3, c], [4, e], [5, a]]);
    expect(dataOf(await users.gql(REMOVE, { projectId: b }, alex.accessToken)).removeProject).toBe(b);
    expect(await order(alex)).toEqual([[1, d], [2, c], [3, e], [4, a]]);
  });

  it('changes and clears the note; a position left out stays', async () => {
    const alex = await newClimber();
    const { id } = await added(alex, fx.routeId, 'crimps');
    expect(dataOf(await update(alex, { projectId: id, note: 'slopers' })).updateProject).toMatchObject({ note: 'slopers', position: 1 });
    expect(dataOf(await update(alex, { projectId: id, note: null })).updateProject.note).toBeNull();
  });

  it.each([
    ['position 0', { position: 0 }, 'input.position'],
    ['a position past the number of projects', { position: 3 }, 'input.position'],
    ['a null position', { position: null }, 'input.position'],
    ['a note with a tab', { note: 'a\tb' }, 'input.note'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, input, field) => {
    const alex = await newClimber();
    const { id } = await added(alex, fx.routeId);
    await added(alex, await newRoute());
    const response = await update(alex, { projectId: id, ...input });
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });

  it("is NOT_FOUND for someone else's project, an ADMIN's request too, as for an unknown id", async () => {
    const alex = await newClimber();
    const sam = await newClimber();
    const { id } = await added(alex, fx.routeId, 'mine');
    const admin = await users.token('ADMIN');
    for (const token of [sam.accessToken, admin]) {
      expect(errorCodes(await users.gql(UPDATE, { input: { projectId: id, note: 'theirs' } }, token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await users.gql(REMOVE, { projectId: id }, token))).toEqual(['NOT_FOUND']);
    }
    expect(errorCodes(await update(sam, { projectId: crypto.randomUUID(), note: 'x' }))).toEqual(['NOT_FOUND']);
    expect(await nodes(alex)).toMatchObject([{ id, note: 'mine' }]);
  });
});

describe('sends from the logbook', () => {
  it('logClimb of a send marks it SENT at the climb time; a later send does not move it; deleting sends reverts', async () => {
    const alex = await newClimber();
    const routeId = await newRoute();
    const { id } = await added(alex, routeId);
    const sessionId = await session(alex);
    await climb(alex, sessionId, routeId, { sent: false, attempts: 4 });
    expect(await nodes(alex)).toMatchObject([{ id, status: 'ACTIVE', sentAt: null, attempts: 4, sessions: 1 }]);
    const firstSend = await climb(alex, sessionId, routeId, { sent: true, attempts: 1, style: 'REDPOINT' });
    const sentAt = await climbTime(alex, firstSend);
    expect(await nodes(alex)).toMatchObject([{ status: 'SENT', sentAt, attempts: 5, sessions: 1 }]);
    const secondSession = await session(alex);
    const repeat = await climb(alex, secondSession, routeId, { sent: true, attempts: 1, style: 'REPEAT' });
    expect(await nodes(alex)).toMatchObject([{ status: 'SENT', sentAt, attempts: 6, sessions: 2 }]);
    // The first send gone, the repeat is the earliest send left.
    await users.gql(DELETE_CLIMB, { id: firstSend }, alex.accessToken);
    expect(await nodes(alex)).toMatchObject([{ status: 'SENT', sentAt: await climbTime(alex, repeat) }]);
    // No send left: back to ACTIVE.
    await users.gql(DELETE_SESSION, { id: secondSession }, alex.accessToken);
    expect(await nodes(alex)).toMatchObject([{ status: 'ACTIVE', sentAt: null, attempts: 4, sessions: 1 }]);
  });

  it('updateClimb making a climb a send marks it SENT, and back', async () => {
    const alex = await newClimber();
    const routeId = await newRoute();
    await added(alex, routeId);
    const climbId = await climb(alex, await session(alex), routeId, { sent: false, attempts: 2 });
    await users.gql(UPDATE_CLIMB, { input: { id: climbId, sent: true, style: 'REDPOINT' } }, alex.accessToken);
    expect(await nodes(alex)).toMatchObject([{ status: 'SENT', sentAt: await climbTime(alex, climbId) }]);
    await users.gql(UPDATE_CLIMB, { input: { id: climbId, sent: false, style: 'ATTEMPT' } }, alex.accessToken);
    expect(await nodes(alex)).toMatchObject([{ status: 'ACTIVE', sentAt: null }]);
  });

  it("another climber's send changes nothing", async () => {
    const alex = await newClimber();
    const sam = await newClimber();
    const routeId = await newRoute();
    await added(alex, routeId);
    await climb(sam, await session(sam), routeId, { sent: true });
    expect(await nodes(alex)).toMatchObject([{ status: 'ACTIVE', attempts: 0 }]);
  });
});

describe('stripped routes', () => {
  it('GONE once the route is stripped, unless already SENT', async () => {
    const alex = await newClimber();
    const [open, sent] = [await newRoute(), await newRoute()];
    await added(alex, open);
    await added(alex, sent);
    await climb(alex, await session(alex), sent, { sent: true });
    const build = builders(users.gyms.gql);
    await build.stripRoute(setter, open);
    await build.stripRoute(setter, sent);
    expect((await nodes(alex)).map((p: { status: string }) => p.status)).toEqual(['GONE', 'SENT']);
  });
});

describe('expiry', () => {
  it("expiresAt follows the route's plannedStripAt as the gyms service changes or clears it", async () => {
    const alex = await newClimber();
    const routeId = await newRoute();
    await added(alex, routeId);
    const plan = (plannedStripAt: string | null) =>
      users.gyms.gql(/* GraphQL */ `mutation($input: UpdateRouteInput!) { updateRoute(input: $input) { plannedStripAt } }`, { input: { id: routeId, plannedStripAt } }, setter);
    const at = inDays(5);
    expect(dataOf(await plan(at)).updateRoute.plannedStripAt).toBe(at);
    expect(await nodes(alex)).toMatchObject([{ expiresAt: at, status: 'ACTIVE' }]);
    expect(await nodes(alex, { within: 5 })).toHaveLength(1);
    await plan(null);
    expect(await nodes(alex)).toMatchObject([{ expiresAt: null }]);
    expect(await nodes(alex, { within: 365 })).toEqual([]);
  });
});

describe('me.projects', () => {
  let alex: Auth;
  let ids: { soon: string; later: string; none: string; sent: string; gone: string };

  beforeAll(async () => {
    alex = await newClimber();
    const routes = { soon: await newRoute({ plannedStripAt: inDays(3) }), later: await newRoute({ plannedStripAt: inDays(30) }), none: await newRoute(), sent: await newRoute({ plannedStripAt: inDays(2) }), gone: await newRoute({ plannedStripAt: inDays(1) }) };
    ids = {} as typeof ids;
    for (const key of Object.keys(routes) as (keyof typeof routes)[]) ids[key] = (await added(alex, routes[key])).id;
    await climb(alex, await session(alex), routes.sent, { sent: true });
    await builders(users.gyms.gql).stripRoute(setter, routes.gone);
  });

  const idsOf = async (args: Record<string, unknown>) => (await nodes(alex, args)).map((p: { id: string }) => p.id);

  it('filters by status and by expiry, alone or together', async () => {
    expect(await idsOf({})).toEqual([ids.soon, ids.later, ids.none, ids.sent, ids.gone]);
    expect(await idsOf({ status: 'ACTIVE' })).toEqual([ids.soon, ids.later, ids.none]);
    expect(await idsOf({ status: 'SENT' })).toEqual([ids.sent]);
    expect(await idsOf({ status: 'GONE' })).toEqual([ids.gone]);
    expect(await idsOf({ within: 7, status: 'ACTIVE' })).toEqual([ids.soon]);
    expect(await idsOf({ within: 0 })).toEqual([]);
  });

  it('expiringWithin lists only ACTIVE projects: not one already sent, nor one whose route is stripped (its plan kept)', async () => {
    expect(await nodes(alex, { within: 7 })).toMatchObject([{ id: ids.soon, status: 'ACTIVE' }]);
    expect(await idsOf({ within: 7, status: 'SENT' })).toEqual([]);
    expect(await idsOf({ within: 7, status: 'GONE' })).toEqual([]);
    // Both have a planned strip within the week, which their expiresAt still shows.
    expect((await nodes(alex, { status: 'SENT' }))[0].expiresAt).not.toBeNull();
    expect((await nodes(alex, { status: 'GONE' }))[0].expiresAt).not.toBeNull();
  });

  it('pages in order, also through a filter', async () => {
    const first = await list(alex, { first: 2 });
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.soon, ids.later]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await list(alex, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.none, ids.sent]);
    const last = await list(alex, { first: 2, after: second.pageInfo.endCursor });
    expect([last.edges.map((e: { node: { id: string } }) => e.node.id), last.pageInfo.hasNextPage]).toEqual([[ids.gone], false]);
    const active = await list(alex, { first: 1, status: 'ACTIVE' });
    expect((await list(alex, { first: 5, status: 'ACTIVE', after: active.pageInfo.endCursor })).edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.later, ids.none]);
  });

  it.each([
    ['expiringWithin -1', { within: -1 }, 'expiringWithin'],
    ['expiringWithin 366', { within: 366 }, 'expiringWithin'],
    ['first 101', { first: 101 }, 'first'],
    ['a foreign cursor', { after: 'bm9wZQ' }, 'after'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, args, field) => {
    const response = await users.gql(PROJECTS, args, alex.accessToken);
    expect([errorCodes(response), errorField(response)]).toEqual([['BAD_USER_INPUT'], field]);
  });

  it("another user's projects follow the account's visibility: FORBIDDEN to a stranger of a FOLLOWERS account, the profile still arrives; an ADMIN sees them", async () => {
    const me = dataOf(await users.gql(/* GraphQL */ `{ me { id } }`, {}, alex.accessToken)).me;
    const response = await users.gql(USER_PROJECTS, { id: me.id }, (await newClimber()).accessToken);
    expect([errorCodes(response), response.data?.user.projects, typeof response.data?.user.username]).toEqual([['FORBIDDEN'], null, 'string']);
    const byAdmin = await users.gql(USER_PROJECTS, { id: me.id }, await users.token('ADMIN'));
    expect([errorCodes(byAdmin), Array.isArray(byAdmin.data?.user.projects.edges)]).toEqual([[], true]);
  });
});

describe('Route.projectCount and Route.myProject', () => {
  it('counts ACTIVE projects only, and tells each viewer only their own', async () => {
    const [routeId, strippedLater] = [await newRoute(), await newRoute()];
    const [alex, sam, kim] = [await newClimber(), await newClimber(), await newClimber()];
    const mine = await added(alex, routeId);
    await added(sam, routeId);
    await added(kim, routeId);
    await added(alex, strippedLater);
    await climb(kim, await session(kim), routeId, { sent: true });
    expect(await routeFields([routeId, strippedLater], alex.accessToken)).toEqual([
      { projectCount: 2, myProject: { id: mine.id, status: 'ACTIVE' } },
      { projectCount: 1, myProject: { id: expect.any(String), status: 'ACTIVE' } },
    ]);
    await builders(users.gyms.gql).stripRoute(setter, strippedLater);
    expect(await routeFields([routeId, strippedLater])).toEqual([
      { projectCount: 2, myProject: null },
      { projectCount: 0, myProject: null },
    ]);
    expect((await routeFields([routeId], (await newClimber()).accessToken))[0].myProject).toBeNull();
  });
});

describe('account deletion', () => {
  it('removes the projects with the account', async () => {
    const alex = await newClimber();
    const routeId = await newRoute();
    await added(alex, routeId);
    expect((await routeFields([routeId]))[0].projectCount).toBe(1);
    expect(errorCodes(await users.gql(DELETE_ACCOUNT, { password: 'correct horse battery' }, alex.accessToken))).toEqual([]);
    expect((await routeFields([routeId]))[0].projectCount).toBe(0);
  });
});
