import { readFile } from 'node:fs/promises';
import { operationFromDocument, ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph as ComposedSupergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { type Auth, dataOf, TEST_PASSWORD } from '@clmb/testkit';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const CREATE_ROUTE = /* GraphQL */ `mutation CreateRoute($input: CreateRouteInput!) { createRoute(input: $input) { id } }`;
const UPDATE_ROUTE = /* GraphQL */ `mutation UpdateRoute($input: UpdateRouteInput!) { updateRoute(input: $input) { id setters { username } } }`;
const RATE = /* GraphQL */ `mutation Rate($input: RateRouteInput!) { rateRoute(input: $input) { id } }`;
const SETTER_GRADING = /* GraphQL */ `query SetterGrading($id: ID!) {
  gym(id: $id) { name setterGrading { setter { username } setRouteCount routeCount medianScaleDelta softShare hardShare } }
}`;
const ROUTE_SETTERS = /* GraphQL */ `query RouteSetters($id: ID!) { gym(id: $id) { routes { name setters { id username } } } }`;

/**
 * Setters through the router with both subgraphs: gyms keeps who set a route, users resolves the
 * accounts, and `Gym.setterGrading` is federation (users requires gyms' inaccessible
 * `Gym.setterRoutes` and joins its own community grades).
 */
describe('setters and how their grades land, through the router', () => {
  let sg: Supergraph;
  let admin: string;
  let sal: Auth;
  let seb: Auth;
  let raters: Auth[];
  let gym: { gymId: string; grades: { id: string; value: string }[] };
  const routeIds: string[] = [];

  const createRoute = async (name: string, grade: number, setters: Auth[], gymId = gym.gymId, grades = gym.grades) =>
    dataOf(await sg.request(CREATE_ROUTE, { input: { gymId, gradeId: grades[grade]!.id, colour: 'red', name, setterIds: setters.map((s) => s.user.id) } }, admin))['createRoute']
      .id as string;
  const suggest = async (routeId: string, grades: number[]) => {
    for (const [i, grade] of grades.entries()) {
      const input = { routeId, stars: 3, suggestedGradeId: gym.grades[grade]!.id };
      expect((await sg.request(RATE, { input }, raters[i]!.accessToken)).errors).toBeUndefined();
    }
  };

  beforeAll(async () => {
    sg = await startSupergraph({ routerEnv: { CACHE_ENABLED: 'true' } });
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    [sal, seb] = [await sg.build.user({ username: 'sal' }), await sg.build.user({ username: 'seb' })];
    raters = [await sg.build.user({ username: 'ron' }), await sg.build.user({ username: 'rua' }), await sg.build.user({ username: 'rix' })];
    // Grades VB 100, V0 110, V1 120, V2 130, V3 140 on the difficulty scale.
    gym = await sg.build.gymWithRoutes(admin, { slug: 'setters', routeCount: 0 });
    // sal: soft (-10), hard (+10), spot on (0, with seb); seb: that one, soft (-10), and one with only 2 suggestions.
    routeIds.push(await createRoute('Soft', 2, [sal]), await createRoute('Hard', 2, [sal]), await createRoute('Spot on', 1, [sal, seb]));
    routeIds.push(await createRoute('Soft too', 3, [seb]), await createRoute('Unsure', 0, [seb]));
    await suggest(routeIds[0]!, [1, 1, 2]);
    await suggest(routeIds[1]!, [3, 3, 4]);
    await suggest(routeIds[2]!, [1, 1, 3]);
    await suggest(routeIds[3]!, [1, 2, 2]);
    await suggest(routeIds[4]!, [4, 4]);
  }, 180_000);
  afterAll(() => sg?.stop());

  it('gives each setter the median delta and the soft and hard shares of their routes with a community grade', async () => {
    expect(await sg.request(SETTER_GRADING, { id: gym.gymId }, admin)).toEqual({
      status: 200,
      data: {
        gym: {
          name: 'Gym setters',
          setterGrading: [
            { setter: { username: 'sal' }, setRouteCount: 3, routeCount: 3, medianScaleDelta: 0, softShare: 1 / 3, hardShare: 1 / 3 },
            { setter: { username: 'seb' }, setRouteCount: 3, routeCount: 2, medianScaleDelta: -5, softShare: 0.5, hardShare: 0 },
          ],
        },
      },
    });
  });

  it('refuses a climber, and the users service computes nothing for them', async () => {
    sg.statements.users.length = 0;
    const refused = await sg.request(SETTER_GRADING, { id: gym.gymId }, raters[0]!.accessToken);
    expect(refused.data).toEqual({ gym: { name: 'Gym setters', setterGrading: null } });
    // The router's `staff` policy leaves the field out before planning; a viewer it lets through
    // whom gyms refuses gets gyms' FORBIDDEN on the setter routes (users server.test.ts).
    expect(refused.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([[['gym', 'setterGrading'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect(sg.statements.users.filter((sql) => /"rating"/.test(sql))).toEqual([]);
  });

  it('is one plan: gyms answers the gym and its setter routes, users the grading, then the setters', async () => {
    const sdl = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
    const supergraph = ComposedSupergraph.build(sdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES });
    const operation = operationFromDocument(supergraph.schema, parse(SETTER_GRADING));
    expect(prettyFormatQueryPlan(new QueryPlanner(supergraph).buildQueryPlan(operation))).toMatchInlineSnapshot(`
      "QueryPlan {
        Sequence {
          Fetch(service: "gyms") {
            {
              gym(id: $id) {
                __typename
                id
                name
                setterRoutes {
                  id
                  grade {
                    scale
                  }
                  setters {
                    id
                  }
                }
              }
            }
          },
          Flatten(path: "gym") {
            Fetch(service: "users") {
              {
                ... on Gym {
                  __typename
                  id
                  setterRoutes {
                    id
                    grade {
                      scale
                    }
                    setters {
                      id
                    }
                  }
                }
              } =>
              {
                ... on Gym {
                  setterGrading {
                    setter {
                      username
                    }
                    setRouteCount
                    routeCount
                    medianScaleDelta
                    softShare
                    hardShare
                  }
                }
              }
            },
          },
        },
      }"
    `);
  });

  it('shows an account deleted since as a null setter; the route, and the other setter, still arrive', async () => {
    const gone = await sg.build.user({ username: 'gone' });
    const other = await sg.build.gymWithRoutes(admin, { slug: 'deleted-setter', routeCount: 0 });
    await createRoute('Orphan', 1, [gone, sal], other.gymId, other.grades);
    const deleted = await sg.request(/* GraphQL */ `mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) }`, { input: { password: TEST_PASSWORD } }, gone.accessToken);
    expect(deleted.errors).toBeUndefined();
    const answer = await sg.request(ROUTE_SETTERS, { id: other.gymId }, admin);
    // The users service answers null for the reference: the item is null, and the router says why
    // in its extensions (not an error: the answer is whole).
    expect(answer.data).toEqual({ gym: { routes: [{ name: 'Orphan', setters: [null, { id: sal.user.id, username: 'sal' }] }] } });
    expect(answer.errors).toBeUndefined();
    expect((answer as { extensions?: { valueCompletion?: { path: unknown }[] } }).extensions?.valueCompletion?.map((e) => e.path)).toEqual([
      ['gym', 'routes', 0, 'setters', 0, 'username'],
    ]);
    // The grading leaves the deleted account out.
    const grading = dataOf(await sg.request(SETTER_GRADING, { id: other.gymId }, admin))['gym'].setterGrading;
    expect(grading).toEqual([{ setter: { username: 'sal' }, setRouteCount: 1, routeCount: 0, medianScaleDelta: null, softShare: null, hardShare: null }]);
  });

  it('shows new setters on the next read: updateRoute starts a new cache generation', async () => {
    const READ = /* GraphQL */ `query RouteSetterIds($id: ID!) { route(id: $id) { setters { id } } }`;
    const read = () => sg.request(READ, { id: routeIds[4] });
    expect(dataOf(await read())).toEqual({ route: { setters: [{ id: seb.user.id }] } });
    expect(dataOf(await read())).toEqual({ route: { setters: [{ id: seb.user.id }] } });
    const updated = await sg.request(UPDATE_ROUTE, { input: { id: routeIds[4], setterIds: [sal.user.id, seb.user.id] } }, admin);
    expect(dataOf(updated)['updateRoute'].setters).toEqual([{ username: 'sal' }, { username: 'seb' }]);
    expect(dataOf(await read())).toEqual({ route: { setters: [{ id: sal.user.id }, { id: seb.user.id }] } });
  });
});

/** No N+1: a gym's routes with their setters, and the setters' grading, cost the same for 10 routes as for 200. */
describe('SQL statements per gym of routes with setters', () => {
  let sg: Supergraph;
  let admin: string;
  const gyms: Record<number, string> = {};

  beforeAll(async () => {
    sg = await startSupergraph();
    admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    const setters = [await sg.build.user({ username: 'set1' }), await sg.build.user({ username: 'set2' }), await sg.build.user({ username: 'set3' })];
    const raters = [await sg.build.user({ username: 'rate1' }), await sg.build.user({ username: 'rate2' }), await sg.build.user({ username: 'rate3' })];
    for (const size of [10, 200]) {
      const gym = await sg.build.gymWithRoutes(admin, { slug: `setters-${size}`, routeCount: 0 });
      gyms[size] = gym.gymId;
      for (let i = 0; i < size; i++) {
        const setterIds = [setters[i % 3]!.user.id, ...(i % 2 ? [setters[(i + 1) % 3]!.user.id] : [])];
        const input = { gymId: gym.gymId, gradeId: gym.grades[i % 5]!.id, colour: 'red', name: `Route ${i}`, setterIds };
        const routeId = dataOf(await sg.request(CREATE_ROUTE, { input }, admin))['createRoute'].id;
        // Every fifth route gets a community grade.
        if (i % 5 === 0)
          for (const [j, rater] of raters.entries())
            await sg.request(RATE, { input: { routeId, stars: 3, suggestedGradeId: gym.grades[(i + j) % 5]!.id } }, rater.accessToken);
      }
    }
  }, 600_000);
  afterAll(() => sg?.stop());

  async function countStatements(query: string, gymId: string) {
    sg.statements.users.length = 0;
    sg.statements.gyms.length = 0;
    const res = await sg.request(query, { id: gymId }, admin);
    expect(res.errors).toBeUndefined();
    return { users: sg.statements.users.length, gyms: sg.statements.gyms.length };
  }

  it('Gym.routes { setters { id username } }: the same for 10 routes as for 200', async () => {
    const ten = await countStatements(ROUTE_SETTERS, gyms[10]!);
    expect(await countStatements(ROUTE_SETTERS, gyms[200]!)).toEqual(ten);
    expect(ten).toEqual({ gyms: 3, users: 1 });
  });

  it('Gym.setterGrading: the same for 10 routes as for 200', async () => {
    const ten = await countStatements(SETTER_GRADING, gyms[10]!);
    expect(await countStatements(SETTER_GRADING, gyms[200]!)).toEqual(ten);
    expect(ten).toEqual({ gyms: 3, users: 2 });
  });
});
