import { dataOf, errorCodes, type GradeSystem, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;
let font: GradeSystem;
let gymId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startGymsUnderTest('routes');
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  font = await t.build.gradeSystem(t.tokens.admin, { name: 'Test Font', grades: ['6A', '6B'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', city: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.405, gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const FIELDS = 'id name colour setAt strippedAt gym { name } grade { value }';
const mutate = (name: string, type: string, input: Record<string, unknown>) =>
  t.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${FIELDS} } }`, { input }, t.tokens.admin);
const badField = (response: { errors?: { extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);
const errorsOf = (response: { errors?: { message: string; extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => [e.message, e.extensions?.['code'], e.extensions?.['field']]);
/** An ISO date-time `minutes` from now. */
const fromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('createRoute', () => {
  it('sets a route at a gym, now unless told when', async () => {
    const input = { gymId, gradeId: v.grades[1]!.id, colour: ' yellow ', name: 'Sunny Side' };
    expect(maskIds(await mutate('createRoute', 'CreateRouteInput', input), { dates: true })).toEqual({
      status: 200,
      data: { createRoute: { id: '<uuid>', name: 'Sunny Side', colour: 'yellow', setAt: '<date>', strippedAt: null, gym: { name: 'Alpha Boulders' }, grade: { value: 'V1' } } },
    });
    const dated = await mutate('createRoute', 'CreateRouteInput', { ...input, name: null, setAt: '2026-05-01T08:00:00Z' });
    expect(dataOf(dated)['createRoute']).toMatchObject({ name: null, setAt: '2026-05-01T08:00:00.000Z' });
  });

  it('needs an open gym and a grade of its grade system', async () => {
    const closed = await t.build.gym(t.tokens.admin, { name: 'Closed', city: 'Berlin', country: 'Germany', latitude: 52.5, longitude: 13.4, gradeSystemId: v.id });
    await t.build.archiveGym(t.tokens.admin, closed.id);
    const ok = { gymId, gradeId: v.grades[0]!.id, colour: 'red' };
    const cases: [Record<string, unknown>, string][] = [
      [{ gymId: closed.id }, 'input.gymId'],
      [{ gymId: UNKNOWN }, 'input.gymId'],
      [{ gymId: 'alpha' }, 'input.gymId'],
      [{ gradeId: font.grades[0]!.id }, 'input.gradeId'],
      [{ gradeId: UNKNOWN }, 'input.gradeId'],
      [{ colour: '' }, 'input.colour'],
      [{ colour: 'x'.repeat(33) }, 'input.colour'],
      [{ name: 'x'.repeat(65) }, 'input.name'],
    ];
    for (const [change, field] of cases) {
      const response = await mutate('createRoute', 'CreateRouteInput', { ...ok, ...change });
      expect({ change, errors: badField(response) }).toEqual({ change, errors: [`BAD_USER_INPUT ${field}`] });
    }
  });
});

describe('times a setter reports, and the patch rule', () => {
  it('refuses a route set or stripped in the future, beyond clock skew', async () => {
    const future = await mutate('createRoute', 'CreateRouteInput', { gymId, gradeId: v.grades[0]!.id, colour: 'red', setAt: fromNow(60) });
    expect(errorsOf(future)).toEqual([['input.setAt: must not be in the future', 'BAD_USER_INPUT', 'input.setAt']]);
    const route = await t.build.route(t.tokens.admin, { gymId, gradeId: v.grades[0]!.id, colour: 'red', setAt: '2026-05-01T08:00:00Z' });
    const strip = (strippedAt: unknown) => mutate('stripRoute', 'StripRouteInput', { id: route.id, strippedAt });
    expect(errorsOf(await strip(fromNow(60)))).toEqual([['input.strippedAt: must not be in the future', 'BAD_USER_INPUT', 'input.strippedAt']]);
    expect(dataOf(await strip(null))['stripRoute'].strippedAt).toEqual(expect.any(String));
  });

  it('keeps omitted fields, clears a null name, refuses a null grade or colour by name', async () => {
    const route = dataOf(await mutate('createRoute', 'CreateRouteInput', { gymId, gradeId: v.grades[1]!.id, colour: 'teal', name: 'Patch' }))['createRoute'];
    expect(dataOf(await mutate('updateRoute', 'UpdateRouteInput', { id: route.id }))['updateRoute']).toEqual(route);
    for (const field of ['gradeId', 'colour']) {
      const response = await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, name: 'Renamed', [field]: null });
      expect(errorsOf(response)).toEqual([[`input.${field}: cannot be null: omit the field to keep its value`, 'BAD_USER_INPUT', `input.${field}`]]);
    }
    expect(dataOf(await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, name: null }))['updateRoute']).toEqual({ ...route, name: null });
  });
});

describe('updateRoute, stripRoute', () => {
  it('changes only the given fields, within the gym grade system', async () => {
    const route = await t.build.route(t.tokens.admin, { gymId, gradeId: v.grades[0]!.id, colour: 'red', name: 'Rename Me' });
    const updated = await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, gradeId: v.grades[2]!.id, name: null });
    expect(dataOf(updated)['updateRoute']).toMatchObject({ name: null, colour: 'red', grade: { value: 'V2' } });
    const recoloured = await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, colour: 'blue' });
    expect(dataOf(recoloured)['updateRoute']).toMatchObject({ name: null, colour: 'blue', grade: { value: 'V2' } });
    expect(badField(await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, gradeId: font.grades[1]!.id }))).toEqual([
      'BAD_USER_INPUT input.gradeId',
    ]);
    expect(badField(await mutate('updateRoute', 'UpdateRouteInput', { id: route.id, colour: null }))).toEqual(['BAD_USER_INPUT input.colour']);
    expect(errorCodes(await mutate('updateRoute', 'UpdateRouteInput', { id: UNKNOWN, colour: 'x' }))).toEqual(['NOT_FOUND']);
  });

  it('strips a route once: it leaves the wall but still resolves', async () => {
    const route = await t.build.route(t.tokens.admin, { gymId, gradeId: v.grades[0]!.id, colour: 'pink', setAt: '2026-05-01T08:00:00Z' });
    const strip = (input: Record<string, unknown>) => mutate('stripRoute', 'StripRouteInput', { id: route.id, ...input });
    expect(badField(await strip({ strippedAt: '2026-04-30T08:00:00Z' }))).toEqual(['BAD_USER_INPUT input.strippedAt']);
    const first = dataOf(await strip({}))['stripRoute'];
    expect(first.strippedAt).toEqual(expect.any(String));
    expect(dataOf(await strip({}))['stripRoute']).toEqual(first);
    expect(dataOf(await strip({ strippedAt: '2026-06-01T00:00:00Z' }))['stripRoute'].strippedAt).toBe('2026-06-01T00:00:00.000Z');
    const data = dataOf(
      await t.gql(`query ($gym: ID!, $route: ID!) { gym(id: $gym) { routes { id } all: routes(includeStripped: true) { id } } route(id: $route) { colour } }`, {
        gym: gymId,
        route: route.id,
      }),
    );
    expect(data['gym'].routes.map((r: { id: string }) => r.id)).not.toContain(route.id);
    expect(data['gym'].all.map((r: { id: string }) => r.id)).toContain(route.id);
    expect(data['route']).toEqual({ colour: 'pink' });
    expect(errorCodes(await mutate('stripRoute', 'StripRouteInput', { id: UNKNOWN }))).toEqual(['NOT_FOUND']);
  });
});
