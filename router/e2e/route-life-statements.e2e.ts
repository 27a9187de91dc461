import { type Auth, dataOf, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const DAY_MS = 86_400_000;

/** What a climber's app shows of a route (issue 18): who set it, what it is like, what climbers said of it, and their project. */
const ROUTE_FIELDS = /* GraphQL */ `
  id name colour grade { value } plannedStripAt outSoon
  setters { username } tags tagVotes { tag count } myTagVotes renewVoteCount myRenewVote
  projectCount myProject { status expiresAt }
`;
const ROUTES_LIST = /* GraphQL */ `query GymRoutes($id: ID!) { gym(id: $id) { name routes { ${ROUTE_FIELDS} } } }`;
const ROUTE_PAGE = /* GraphQL */ `query RoutePage($id: ID!) { route(id: $id) { ${ROUTE_FIELDS} gym { name outSoonDays } } }`;

interface SeededGym {
  gymId: string;
  routeIds: string[];
  viewer: Auth;
}

/**
 * No N+1 in a route's life: the gym's routes list and the route page, with setters (users,
 * through gyms' references), tags, tag votes, renew votes, projectCount and myProject, cost each
 * subgraph the same statements for a gym of 10 routes as for one of 200.
 */
describe("SQL statements of a gym's routes and a route page, with issue 18's fields", () => {
  let sg: Supergraph;
  const gyms: Record<number, SeededGym> = {};

  async function seedGym(admin: string, system: GradeSystem, size: number, setters: Auth[], voters: Auth[]): Promise<SeededGym> {
    const slug = `life-${size}`;
    const { id: gymId } = await sg.build.gym(admin, { gradeSystemId: system.id, slug, name: `Gym ${slug}` });
    const plannedStripAt = new Date(Date.now() + 5 * DAY_MS).toISOString();
    const routeIds: string[] = [];
    for (let i = 0; i < size; i++) {
      const input = {
        gymId,
        gradeId: system.grades[i % system.grades.length]!.id,
        colour: 'red',
        name: `Route ${i}`,
        setterIds: setters.map((setter) => setter.user.id),
        tags: ['CRIMPY', 'SLAB'],
        plannedStripAt,
      };
      routeIds.push(dataOf(await sg.request(/* GraphQL */ `mutation R($input: CreateRouteInput!) { createRoute(input: $input) { id } }`, { input }, admin))['createRoute'].id);
    }
    // Every route is a project of the viewer; the first routes carry votes from three climbers.
    const viewer = await sg.build.user({ username: `viewer_${size}` });
    for (const routeId of routeIds) dataOf(await sg.request(/* GraphQL */ `mutation P($input: AddProjectInput!) { addProject(input: $input) { id } }`, { input: { routeId } }, viewer.accessToken));
    for (const routeId of routeIds.slice(0, 5))
      for (const voter of [...voters, viewer]) {
        dataOf(await sg.request(/* GraphQL */ `mutation T($input: VoteRouteTagsInput!) { voteRouteTags(input: $input) { id } }`, { input: { routeId, tags: ['DYNO'] } }, voter.accessToken));
        dataOf(await sg.request(/* GraphQL */ `mutation V($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: routeId }, voter.accessToken));
      }
    return { gymId, routeIds, viewer };
  }

  async function countStatements(query: string, id: string, token: string) {
    sg.statements.users.length = 0;
    sg.statements.gyms.length = 0;
    const res = await sg.request(query, { id }, token);
    expect(res.errors).toBeUndefined();
    return { users: sg.statements.users.length, gyms: sg.statements.gyms.length, data: res.data! };
  }

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const system = await sg.build.gradeSystem(admin, { name: 'V-scale life' });
    const setters = [await sg.build.user({ username: 'life_setter_1' }), await sg.build.user({ username: 'life_setter_2' })];
    const voters = [await sg.build.user(), await sg.build.user()];
    for (const size of [10, 200]) gyms[size] = await seedGym(admin, system, size, setters, voters);
  }, 600_000);
  afterAll(() => sg?.stop());

  it("is the same for the routes list of a gym of 10 routes as of 200", async () => {
    const ten = await countStatements(ROUTES_LIST, gyms[10]!.gymId, gyms[10]!.viewer.accessToken);
    const twoHundred = await countStatements(ROUTES_LIST, gyms[200]!.gymId, gyms[200]!.viewer.accessToken);
    expect([ten.data['gym'].routes.length, twoHundred.data['gym'].routes.length]).toEqual([10, 200]);
    // The oldest route carries every kind of data the list shows.
    expect(twoHundred.data['gym'].routes.at(-1)).toMatchObject({
      setters: [{ username: 'life_setter_1' }, { username: 'life_setter_2' }],
      tags: ['CRIMPY', 'SLAB', 'DYNO'],
      tagVotes: [{ tag: 'DYNO', count: 3 }],
      myTagVotes: ['DYNO'],
      renewVoteCount: 3,
      myRenewVote: true,
      outSoon: true,
      projectCount: 1,
      myProject: { status: 'ACTIVE' },
    });
    expect({ users: twoHundred.users, gyms: twoHundred.gyms }).toEqual({ users: ten.users, gyms: ten.gyms });
    // gyms: the gym, its routes with their grades, the setters, the tag tallies, the viewer's tag
    // votes, the renew counts, the viewer's renew votes, and users' one question of which routes
    // with projects are on the wall; users: the project counts, the viewer's projects, the setters' accounts.
    expect({ users: ten.users, gyms: ten.gyms }).toEqual({ users: 3, gyms: 8 });
  });

  it('is the same for a route page at a gym of 10 routes as of 200', async () => {
    const ten = await countStatements(ROUTE_PAGE, gyms[10]!.routeIds[0]!, gyms[10]!.viewer.accessToken);
    const twoHundred = await countStatements(ROUTE_PAGE, gyms[200]!.routeIds[0]!, gyms[200]!.viewer.accessToken);
    expect(twoHundred.data['route']).toMatchObject({ tags: ['CRIMPY', 'SLAB', 'DYNO'], renewVoteCount: 3, projectCount: 1, myProject: { status: 'ACTIVE' } });
    expect({ users: twoHundred.users, gyms: twoHundred.gyms }).toEqual({ users: ten.users, gyms: ten.gyms });
    // As the list, with the route in place of the gym's routes and then its gym.
    expect({ users: ten.users, gyms: ten.gyms }).toEqual({ users: 3, gyms: 8 });
  });
});
