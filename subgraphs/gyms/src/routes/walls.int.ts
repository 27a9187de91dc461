import { dataOf, type GradeSystem, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;
let gymId: string;
let otherGymId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startGymsUnderTest('walls');
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
  otherGymId = (await t.build.gym(t.tokens.admin, { name: 'Beta Boulders', gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const mutate = (name: string, type: string, input: Record<string, unknown>, fields = 'id name gym { name } createdAt updatedAt') =>
  t.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${fields} } }`, { input }, t.tokens.admin);
const badField = (response: { errors?: { extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);
const createWall = async (gym: string, name: string): Promise<string> =>
  dataOf(await mutate('createWall', 'CreateWallInput', { gymId: gym, name }))['createWall'].id;

describe('createWall and updateWall', () => {
  it('adds a wall to a gym and renames it', async () => {
    const created = await mutate('createWall', 'CreateWallInput', { gymId, name: ' Cave ' });
    expect(maskIds(created, { dates: true })).toEqual({
      status: 200,
      data: { createWall: { id: '<uuid>', name: 'Cave', gym: { name: 'Alpha Boulders' }, createdAt: '<date>', updatedAt: '<date>' } },
    });
    const id = dataOf(created)['createWall'].id;
    const renamed = dataOf(await mutate('updateWall', 'UpdateWallInput', { id, name: 'The Cave' }))['updateWall'];
    expect(renamed.name).toBe('The Cave');
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThan(Date.parse(renamed.createdAt));
    const unchanged = dataOf(await mutate('updateWall', 'UpdateWallInput', { id }))['updateWall'];
    expect(unchanged).toEqual(renamed);
  });

  it('rejects bad input naming the field', async () => {
    const existing = await createWall(gymId, 'Slab');
    const closed = await t.build.gym(t.tokens.admin, { name: 'Closed', gradeSystemId: v.id });
    await t.build.archiveGym(t.tokens.admin, closed.id);
    const creates: [Record<string, unknown>, string][] = [
      [{ gymId, name: 'SLAB' }, 'BAD_USER_INPUT input.name'],
      [{ gymId, name: '' }, 'BAD_USER_INPUT input.name'],
      [{ gymId, name: 'x'.repeat(65) }, 'BAD_USER_INPUT input.name'],
      [{ gymId: UNKNOWN, name: 'Roof' }, 'BAD_USER_INPUT input.gymId'],
      [{ gymId: 'alpha', name: 'Roof' }, 'BAD_USER_INPUT input.gymId'],
      [{ gymId: closed.id, name: 'Roof' }, 'BAD_USER_INPUT input.gymId'],
    ];
    for (const [input, error] of creates)
      expect({ input, errors: badField(await mutate('createWall', 'CreateWallInput', input)) }).toEqual({ input, errors: [error] });
    const updates: [Record<string, unknown>, string][] = [
      [{ id: existing, name: null }, 'BAD_USER_INPUT input.name'],
      [{ id: existing, name: 'the cave' }, 'BAD_USER_INPUT input.name'],
      [{ id: 'slab', name: 'Roof' }, 'BAD_USER_INPUT input.id'],
      [{ id: UNKNOWN, name: 'Roof' }, 'NOT_FOUND undefined'],
    ];
    for (const [input, error] of updates)
      expect({ input, errors: badField(await mutate('updateWall', 'UpdateWallInput', input)) }).toEqual({ input, errors: [error] });
    // The same name at another gym is fine.
    expect(await createWall(otherGymId, 'Slab')).toBeTruthy();
  });

  it('is for setters only', async () => {
    const response = await t.gql(`mutation { createWall(input: { gymId: "${gymId}", name: "Roof" }) { id } }`, {}, t.tokens.climber);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('routes on walls', () => {
  it('puts a route on a wall of its gym, moves it, and takes it off', async () => {
    const wallId = await createWall(gymId, 'Competition');
    const otherWallId = await createWall(gymId, 'Board');
    const route = (await t.build.route(t.tokens.admin, { gymId, gradeId: v.grades[0]!.id, wallId })).id;
    const ROUTE = `query ($id: ID!) { route(id: $id) { wall { name routes { id } gym { name } } } }`;
    expect(dataOf(await t.gql(ROUTE, { id: route }))['route'].wall).toEqual({ name: 'Competition', routes: [{ id: route }], gym: { name: 'Alpha Boulders' } });

    const moved = await mutate('updateRoute', 'UpdateRouteInput', { id: route, wallId: otherWallId }, 'wall { name }');
    expect(dataOf(moved)['updateRoute'].wall).toEqual({ name: 'Board' });
    const walls = dataOf(await t.gql(`query ($id: ID!) { gym(id: $id) { walls { name routes { id } } } }`, { id: gymId }))['gym'].walls;
    expect(walls.filter((w: { name: string }) => ['Board', 'Competition'].includes(w.name))).toEqual([
      { name: 'Board', routes: [{ id: route }] },
      { name: 'Competition', routes: [] },
    ]);
    const off = await mutate('updateRoute', 'UpdateRouteInput', { id: route, wallId: null }, 'wall { name }');
    expect(dataOf(off)['updateRoute'].wall).toBeNull();
  });

  it('refuses a wall of another gym or an unknown wall, naming input.wallId', async () => {
    const foreign = await createWall(otherGymId, 'Far Wall');
    const route = (await t.build.route(t.tokens.admin, { gymId, gradeId: v.grades[0]!.id })).id;
    const cases: [string, Record<string, unknown>][] = [
      ['createRoute', { gymId, gradeId: v.grades[0]!.id, colour: 'red', wallId: foreign }],
      ['createRoute', { gymId, gradeId: v.grades[0]!.id, colour: 'red', wallId: UNKNOWN }],
      ['createRoute', { gymId, gradeId: v.grades[0]!.id, colour: 'red', wallId: 'cave' }],
      ['updateRoute', { id: route, wallId: foreign }],
    ];
    for (const [name, input] of cases) {
      const type = name === 'createRoute' ? 'CreateRouteInput' : 'UpdateRouteInput';
      expect({ name, input, errors: badField(await mutate(name, type, input, 'id')) }).toEqual({ name, input, errors: ['BAD_USER_INPUT input.wallId'] });
    }
  });

  it('resolves a wall by reference', async () => {
    const wallId = await createWall(gymId, 'Roof');
    const response = await t.gql(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Wall { name } } }`, {
      r: [{ __typename: 'Wall', id: wallId }, { __typename: 'Wall', id: UNKNOWN }, { __typename: 'Wall', id: 'roof' }],
    });
    expect(dataOf(response)['_entities']).toEqual([{ name: 'Roof' }, null, null]);
  });
});
