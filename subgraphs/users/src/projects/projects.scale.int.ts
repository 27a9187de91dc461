import { type Auth, builders, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECTS_HEADER } from '../logbook/test-logbook';
import { startUsersWithGyms, type UsersWithGyms } from '../test-service';

const ADD = /* GraphQL */ `mutation($input: AddProjectInput!) { addProject(input: $input) { id } }`;
const PROJECTS = /* GraphQL */ `{ me { projects(first: 50) { edges { node { attempts sessions status expiresAt route { id } } } } } }`;
const ROUTES = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Route { projectCount myProject { id } } } }`;

let users: UsersWithGyms;
/** 201 routes on the fixture gym's wall. */
let routeIds: string[];
let few: Auth;
let many: Auth;

const add = (who: Auth, routeId: string) => users.gql(ADD, { input: { routeId } }, who.accessToken);

beforeAll(async () => {
  users = await startUsersWithGyms('users_projects_scale');
  const { gymId, gradeId } = users.gyms.fixtures;
  const setter = await users.gyms.token('ADMIN');
  const build = builders(users.gyms.gql);
  routeIds = [];
  for (let i = 0; i < 201; i += 20) {
    const batch = Array.from({ length: Math.min(20, 201 - i) }, (_, j) => build.route(setter, { gymId, gradeId, plannedStripAt: new Date(Date.now() + (i + j) * 3_600_000).toISOString() }));
    routeIds.push(...(await Promise.all(batch)).map((route) => route.id));
  }
  [few, many] = [await builders(users.gql).user(), await builders(users.gql).user()];
  for (const routeId of routeIds.slice(0, 10)) dataOf(await add(few, routeId));
  for (const routeId of routeIds.slice(0, 200)) dataOf(await add(many, routeId));
  // A climb on every route the first climber has, so progress has rows to add up.
  const sessionId = (await builders(users.gql).session(few.accessToken, { gymId })).id;
  for (const routeId of routeIds.slice(0, 10)) await builders(users.gql).climb(few.accessToken, { sessionId, routeId, sent: false, attempts: 2 });
}, 300_000);
afterAll(() => users?.stop());

describe('a climber with 200 projects', () => {
  it('is refused a 201st, naming the route', async () => {
    const response = await add(many, routeIds[200]!);
    expect([errorCodes(response), errorField(response), response.errors?.[0]?.message]).toEqual([['BAD_USER_INPUT'], 'input.routeId', expect.stringContaining('200 projects')]);
  });

  it('imports no 201st either: an error of its row; a project it already has is skipped', async () => {
    const IMPORT = /* GraphQL */ `mutation($input: ImportLogbookInput!) { importLogbook(input: $input) { projectsCreated skipped errors { row field message } } }`;
    const content = [PROJECTS_HEADER, `${','.repeat(13)}${routeIds[0]},,`, `${','.repeat(13)}${routeIds[200]},,`].join('\r\n');
    expect(dataOf(await users.gql(IMPORT, { input: { format: 'CSV', content } }, many.accessToken)).importLogbook).toEqual({
      projectsCreated: 0,
      skipped: 1,
      errors: [{ row: 3, field: 'projectRouteId', message: expect.stringContaining('200 projects') }],
    });
  });
});

describe('statements', () => {
  it('me.projects(first: 50) costs the same SQL statements and gyms requests for 10 projects as for 200', async () => {
    const count = async (who: Auth, size: number) => {
      users.resetStatements();
      users.gyms.resetStatements();
      const edges = dataOf(await users.gql(PROJECTS, {}, who.accessToken)).me.projects.edges;
      expect(edges).toHaveLength(size);
      return { users: users.statements.length, gyms: users.gyms.statements.length };
    };
    const ten = await count(few, 10);
    expect(await count(many, 50)).toEqual(ten);
    // The viewer, their projects, their progress on those routes; gyms reads the routes once.
    expect(ten).toEqual({ users: 3, gyms: 1 });
  });

  it('Route.projectCount and myProject cost the same for 10 routes as for 200', async () => {
    const count = async (ids: string[]) => {
      users.resetStatements();
      users.gyms.resetStatements();
      const entities = dataOf(await users.gql(ROUTES, { r: ids.map((id) => ({ __typename: 'Route', id })) }, few.accessToken))._entities;
      expect(entities).toHaveLength(ids.length);
      expect(entities[0]).toMatchObject({ projectCount: 2, myProject: { id: expect.any(String) } });
      return { users: users.statements.length, gyms: users.gyms.statements.length };
    };
    const ten = await count(routeIds.slice(0, 10));
    expect(await count(routeIds.slice(0, 200))).toEqual(ten);
    // One count, one of the viewer's projects; gyms says once which of the counted routes are on the wall.
    expect(ten).toEqual({ users: 2, gyms: 1 });
  });
});
