import { type Auth, dataOf, type GymWithRoutes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const ADD = /* GraphQL */ `mutation AddProject($input: AddProjectInput!) { addProject(input: $input) { id } }`;
const BOARD = /* GraphQL */ `query Board($id: ID!) { gym(id: $id) { routes { projectCount myProject { id } } } }`;
const COUNTS = /* GraphQL */ `query Counts($id: ID!) { gym(id: $id) { name routes { name projectCount } } }`;
const PROJECTS = /* GraphQL */ `query Projects { me { projects(first: 50) { edges { node { attempts sessions status expiresAt route { id } } } } } }`;

/**
 * Projects through the router with its caches on (as `npm start` runs it): the per-route fields
 * and a page of projects cost the same SQL for 10 routes or projects as for 200, and a new
 * project shows in `projectCount` on the next read.
 */
describe('projects through the router', () => {
  let sg: Supergraph;
  let small: GymWithRoutes;
  let big: GymWithRoutes;
  let few: Auth;
  let many: Auth;
  let newcomer: Auth;

  const add = async (who: Auth, routeId: string) => dataOf(await sg.request(ADD, { input: { routeId } }, who.accessToken));
  const ask = (query: string, variables: Record<string, unknown>, token?: string) =>
    fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    }).then(async (res) => ({ cacheControl: res.headers.get('cache-control'), body: (await res.json()) as { data: Record<string, any>; errors?: unknown[] } }));
  const statementsOf = async (query: string, variables: Record<string, unknown>, token: string) => {
    sg.statements.users.length = 0;
    sg.statements.gyms.length = 0;
    const res = await sg.request(query, variables, token);
    expect(res.errors).toBeUndefined();
    return { users: sg.statements.users.length, gyms: sg.statements.gyms.length, data: res.data };
  };

  beforeAll(async () => {
    sg = await startSupergraph({ routerEnv: { CACHE_ENABLED: 'true' } });
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    small = await sg.build.gymWithRoutes(admin, { slug: 'projects-small', routeCount: 10 });
    big = await sg.build.gymWithRoutes(admin, { slug: 'projects-big', routeCount: 200 });
    [few, many, newcomer] = [await sg.build.user(), await sg.build.user(), await sg.build.user()];
    for (const routeId of small.routeIds) await add(few, routeId);
    for (const routeId of big.routeIds) await add(many, routeId);
  }, 300_000);
  afterAll(() => sg?.stop());

  it('Gym.routes { projectCount myProject { id } } costs the same statements for 10 routes as for 200', async () => {
    const ten = await statementsOf(BOARD, { id: small.gymId }, many.accessToken);
    const twoHundred = await statementsOf(BOARD, { id: big.gymId }, many.accessToken);
    expect(ten.data?.['gym'].routes).toHaveLength(10);
    expect(twoHundred.data?.['gym'].routes).toHaveLength(200);
    expect(twoHundred.data?.['gym'].routes[0]).toEqual({ projectCount: 1, myProject: { id: expect.any(String) } });
    expect({ users: twoHundred.users, gyms: twoHundred.gyms }).toEqual({ users: ten.users, gyms: ten.gyms });
    // users: the counts and the viewer's projects; gyms: the gym, its routes, and users' one
    // question of which counted routes are still on the wall.
    expect({ users: ten.users, gyms: ten.gyms }).toEqual({ users: 2, gyms: 3 });
  });

  it('me.projects(first: 50) costs the same statements for 10 projects as for 200', async () => {
    const ten = await statementsOf(PROJECTS, {}, few.accessToken);
    const twoHundred = await statementsOf(PROJECTS, {}, many.accessToken);
    expect(ten.data?.['me'].projects.edges).toHaveLength(10);
    expect(twoHundred.data?.['me'].projects.edges).toHaveLength(50);
    expect({ users: twoHundred.users, gyms: twoHundred.gyms }).toEqual({ users: ten.users, gyms: ten.gyms });
    // users: the viewer, their projects, their progress; gyms: the routes' strip times, once.
    expect({ users: ten.users, gyms: ten.gyms }).toEqual({ users: 3, gyms: 1 });
  });

  it('shows a new project in projectCount on the next anonymous read: never cached', async () => {
    const count = async () => {
      const answer = await ask(COUNTS, { id: small.gymId });
      return { cacheControl: answer.cacheControl, first: answer.body.data['gym'].routes.at(-1).projectCount };
    };
    expect(await count()).toEqual({ cacheControl: 'no-store', first: 1 });
    await add(newcomer, small.routeIds[0]!);
    expect(await count()).toEqual({ cacheControl: 'no-store', first: 2 });
  });
});
