import { dataOf, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;
let gymId: string;

beforeAll(async () => {
  t = await startGymsUnderTest('limits');
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Big Boulders', gradeSystemId: v.id })).id;
}, 60_000);
afterAll(() => t?.stop());

const CREATE_WALL = `mutation ($input: CreateWallInput!) { createWall(input: $input) { id } }`;
const CREATE_ROUTE = `mutation ($input: CreateRouteInput!) { createRoute(input: $input) { id } }`;
const UPDATE_ROUTE = `mutation ($input: UpdateRouteInput!) { updateRoute(input: $input) { id } }`;
const refusal = (response: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((e) => ({ code: e.extensions?.['code'], field: e.extensions?.['field'], message: e.message }));
const newRoute = (wallId?: string) => t.gql(CREATE_ROUTE, { input: { gymId, gradeId: v.grades[0]!.id, colour: 'red', wallId } }, t.tokens.admin);
const routesOf = async (owner: 'gym' | 'wall', id: string) =>
  dataOf(await t.gql(`query ($id: ID!) { ${owner}(id: $id) { routes(includeStripped: true) { id strippedAt } } }`, { id }))[owner].routes as {
    id: string;
    strippedAt: string | null;
  }[];

describe('a gym', () => {
  it('has at most 50 walls', async () => {
    for (let i = 0; i < 50; i++) dataOf(await t.gql(CREATE_WALL, { input: { gymId, name: `Wall ${i}` } }, t.tokens.admin));
    expect(refusal(await t.gql(CREATE_WALL, { input: { gymId, name: 'Wall 50' } }, t.tokens.admin))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.gymId', message: 'input.gymId: the gym already has 50 walls, the most a gym has' },
    ]);
  });

  it('has at most 100 routes on a wall and 300 in all; stripped ones are listed after them, newest first, within the bound', async () => {
    const wallId = dataOf(await t.gql(`query ($id: ID!) { gym(id: $id) { walls { id } } }`, { id: gymId })).gym.walls[0].id;
    const onWall: string[] = [];
    for (let i = 0; i < 100; i++) onWall.push(dataOf(await newRoute(wallId)).createRoute.id);
    const wallFull = 'input.wallId: the wall already has 100 routes, the most a wall has: strip one first';
    expect(refusal(await newRoute(wallId))).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.wallId', message: wallFull }]);
    const elsewhere = dataOf(await newRoute()).createRoute.id;
    expect(refusal(await t.gql(UPDATE_ROUTE, { input: { id: elsewhere, wallId } }, t.tokens.admin))).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.wallId', message: wallFull },
    ]);

    const stripped = onWall.slice(0, 10);
    for (const id of stripped) await t.build.stripRoute(t.tokens.admin, id);
    expect((await routesOf('wall', wallId)).length).toBe(100);
    for (let i = 0; i < 10; i++) dataOf(await newRoute(wallId));
    const wallList = await routesOf('wall', wallId);
    expect([wallList.length, wallList.filter((r) => r.strippedAt).length]).toEqual([100, 0]);

    for (let i = 0; i < 199; i++) dataOf(await newRoute());
    expect(refusal(await newRoute())).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.gymId', message: 'input.gymId: the gym already has 300 routes, the most a gym has: strip one first' },
    ]);
    expect((await routesOf('gym', gymId)).filter((r) => r.strippedAt).length).toBe(0);
    await t.build.stripRoute(t.tokens.admin, elsewhere);
    const gymList = await routesOf('gym', gymId);
    expect([gymList.length, gymList.filter((r) => r.strippedAt).map((r) => r.id)]).toEqual([300, [elsewhere]]);
  }, 120_000);
});
