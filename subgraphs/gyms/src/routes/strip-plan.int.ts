import { dataOf, errorCodes, type GradeSystem } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoutesInProcess, startRoutesInProcess } from './test-routes';

let t: RoutesInProcess;
let v: GradeSystem;
let gymId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';
const DAY = 86_400_000;
/** An ISO date-time `days` from now (negative: ago). */
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

beforeAll(async () => {
  t = await startRoutesInProcess('gyms_strip_plan');
  v = await t.build.gradeSystem('admin', { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  gymId = (await t.build.gym('admin', { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const FIELDS = 'id name plannedStripAt outSoon strippedAt';
const mutate = (name: string, type: string, input: Record<string, unknown>, token = 'admin') =>
  t.gql(`mutation ($input: ${type}!) { ${name}(input: $input) { ${FIELDS} } }`, { input }, token);
const create = (input: Record<string, unknown>, gym = gymId) => mutate('createRoute', 'CreateRouteInput', { gymId: gym, gradeId: v.grades[0]!.id, colour: 'red', ...input });
const created = async (input: Record<string, unknown>, gym = gymId) => dataOf(await create(input, gym))['createRoute'];
const update = (input: Record<string, unknown>, token = 'admin') => mutate('updateRoute', 'UpdateRouteInput', input, token);
const planStrip = (input: Record<string, unknown>, token = 'admin') =>
  t.gql(`mutation ($input: PlanStripInput!) { planStrip(input: $input) { ${FIELDS} } }`, { input }, token);
const routeOf = async (id: string) => dataOf(await t.gql(`query ($id: ID!) { route(id: $id) { ${FIELDS} } }`, { id }))['route'];
const badFields = (response: { errors?: { extensions?: Record<string, any> }[] }) => response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);

describe('a route’s planned strip time', () => {
  it('is set in createRoute and updateRoute by staff, cleared by null, never in the past', async () => {
    const at = inDays(3);
    const route = await created({ name: 'Planned', plannedStripAt: at });
    expect(route).toMatchObject({ name: 'Planned', plannedStripAt: at, outSoon: true, strippedAt: null });
    expect(await created({ name: 'Unplanned' })).toMatchObject({ plannedStripAt: null, outSoon: false });

    const later = inDays(20);
    expect(dataOf(await update({ id: route.id, plannedStripAt: later }))['updateRoute']).toMatchObject({ plannedStripAt: later, outSoon: false });
    expect(dataOf(await update({ id: route.id, name: 'Renamed' }))['updateRoute']).toMatchObject({ name: 'Renamed', plannedStripAt: later });
    expect(dataOf(await update({ id: route.id, plannedStripAt: null }))['updateRoute']).toMatchObject({ plannedStripAt: null, outSoon: false });

    expect(badFields(await create({ plannedStripAt: inDays(-1) }))).toEqual(['BAD_USER_INPUT input.plannedStripAt']);
    expect(badFields(await update({ id: route.id, plannedStripAt: inDays(-1) }))).toEqual(['BAD_USER_INPUT input.plannedStripAt']);
    expect(errorCodes(await update({ id: route.id, plannedStripAt: at }, 'climber'))).toEqual(['FORBIDDEN']);
    expect((await routeOf(route.id)).plannedStripAt).toBeNull();
  });

  it('stays on a stripped route, which is not out soon and whose plan no longer changes', async () => {
    const at = inDays(2);
    const route = await created({ plannedStripAt: at });
    await t.build.stripRoute('admin', route.id);
    expect(await routeOf(route.id)).toMatchObject({ plannedStripAt: at, outSoon: false, strippedAt: expect.any(String) });
    expect(badFields(await update({ id: route.id, plannedStripAt: inDays(5) }))).toEqual(['BAD_USER_INPUT input.plannedStripAt']);
    expect(badFields(await update({ id: route.id, plannedStripAt: null }))).toEqual(['BAD_USER_INPUT input.plannedStripAt']);
    expect(badFields(await planStrip({ routeIds: [route.id], plannedStripAt: inDays(5) }))).toEqual(['BAD_USER_INPUT input.routeIds']);
    expect((await routeOf(route.id)).plannedStripAt).toBe(at);
  });
});

describe('Gym.outSoonDays and Route.outSoon', () => {
  it('counts a route out soon within the gym’s days, 7 unless it set 1 to 60, and once its time has passed', async () => {
    const gym = (await t.build.gym('admin', { name: 'Out Soon Gym', gradeSystemId: v.id })).id;
    const tenDays = await created({ plannedStripAt: inDays(10) }, gym);
    const setGym = (input: Record<string, unknown>) =>
      t.gql(`mutation ($input: UpdateGymInput!) { updateGym(input: $input) { outSoonDays } }`, { input: { id: gym, ...input } }, 'admin');
    const read = async () =>
      dataOf(await t.gql(`query ($id: ID!, $route: ID!) { gym(id: $id) { outSoonDays } route(id: $route) { outSoon } }`, { id: gym, route: tenDays.id }));
    expect(await read()).toEqual({ gym: { outSoonDays: 7 }, route: { outSoon: false } });
    expect(dataOf(await setGym({ outSoonDays: 14 }))['updateGym']).toEqual({ outSoonDays: 14 });
    expect(await read()).toEqual({ gym: { outSoonDays: 14 }, route: { outSoon: true } });
    for (const outSoonDays of [0, 61, null]) expect(badFields(await setGym({ outSoonDays }))).toEqual(['BAD_USER_INPUT input.outSoonDays']);
    expect(errorCodes(await t.gql(`mutation { updateGym(input: { id: "${gym}", outSoonDays: 60 }) { id } }`, {}, 'climber'))).toEqual(['FORBIDDEN']);
    expect(dataOf(await setGym({ outSoonDays: 3 }))['updateGym']).toEqual({ outSoonDays: 3 });
    expect(await read()).toEqual({ gym: { outSoonDays: 3 }, route: { outSoon: false } });

    // The plan's time has come and the route is still up: out soon all the more.
    await t.db.execute(sql`update gyms.route set planned_strip_at = now() - interval '1 day' where id = ${tenDays.id}`);
    expect(await read()).toEqual({ gym: { outSoonDays: 3 }, route: { outSoon: true } });
  });
});

describe('Gym.routesComingDown', () => {
  let gym: string;
  const ids: Record<string, string> = {};
  const COMING = `query ($id: ID!, $within: Int, $first: Int, $after: String) { gym(id: $id) {
    routesComingDown(within: $within, first: $first, after: $after) { edges { node { name } } pageInfo { hasNextPage hasPreviousPage endCursor } }
  } }`;
  const coming = (variables: Record<string, unknown> = {}, token: string | null = 'admin') => t.gql(COMING, { id: gym, ...variables }, token ?? undefined);
  const names = async (variables: Record<string, unknown> = {}) =>
    dataOf(await coming(variables))['gym'].routesComingDown.edges.map((e: { node: { name: string } }) => e.node.name);

  beforeAll(async () => {
    gym = (await t.build.gym('admin', { name: 'Coming Down Gym', gradeSystemId: v.id })).id;
    // [name, planned in days]; `Overdue` is moved to yesterday below, `Gone` is stripped.
    const plans: [string, number | null][] = [
      ['In 5 days', 5],
      ['In 1 day', 1],
      ['In 30 days', 30],
      ['Unplanned', null],
      ['In 3 days', 3],
      ['Overdue', 1],
      ['Gone', 2],
    ];
    for (const [name, days] of plans) ids[name] = (await created({ name, plannedStripAt: days === null ? null : inDays(days) }, gym)).id;
    await t.db.execute(sql`update gyms.route set planned_strip_at = now() - interval '1 day' where id = ${ids['Overdue']}`);
    await t.build.stripRoute('admin', ids['Gone']!);
  });

  it('lists the gym’s routes on the wall planned to come down within the window, overdue ones first, soonest first', async () => {
    expect(await names()).toEqual(['Overdue', 'In 1 day', 'In 3 days', 'In 5 days']);
    expect(await names({ within: 60 })).toEqual(['Overdue', 'In 1 day', 'In 3 days', 'In 5 days', 'In 30 days']);
    expect(await names({ within: 0 })).toEqual(['Overdue']);
  });

  it('pages by the planned time', async () => {
    const first = dataOf(await coming({ first: 2 }))['gym'].routesComingDown;
    expect(first.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Overdue', 'In 1 day']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = dataOf(await coming({ first: 2, after: first.pageInfo.endCursor }))['gym'].routesComingDown;
    expect(second.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['In 3 days', 'In 5 days']);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('is for the gym’s staff only, and names a bad argument', async () => {
    for (const [token, code] of [
      ['climber', 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ] as const) {
      const refused = await coming({}, token);
      expect(refused.data).toEqual({ gym: { routesComingDown: null } });
      expect(errorCodes(refused)).toEqual([code]);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ within: 61 }, 'within'],
      [{ within: -1 }, 'within'],
      [{ first: 101 }, 'first'],
      [{ after: 'bm90IGEgY3Vyc29y' }, 'after'],
    ];
    for (const [variables, field] of cases) expect({ variables, errors: badFields(await coming(variables)) }).toEqual({ variables, errors: [`BAD_USER_INPUT ${field}`] });
  });
});

describe('planStrip', () => {
  it('plans or clears one gym’s routes at once, answering them in the order given', async () => {
    const gym = (await t.build.gym('admin', { name: 'Reset Gym', gradeSystemId: v.id })).id;
    const routes = [await created({ name: 'A' }, gym), await created({ name: 'B' }, gym), await created({ name: 'C', plannedStripAt: inDays(40) }, gym)];
    const at = inDays(4);
    const planned = dataOf(await planStrip({ routeIds: [routes[2].id, routes[0].id], plannedStripAt: at }))['planStrip'];
    expect(planned).toEqual([
      { ...routes[2], plannedStripAt: at, outSoon: true },
      { ...routes[0], plannedStripAt: at, outSoon: true },
    ]);
    expect(await routeOf(routes[1].id)).toEqual(routes[1]);
    const cleared = dataOf(await planStrip({ routeIds: [routes[0].id], plannedStripAt: null }))['planStrip'];
    expect(cleared).toEqual([{ ...routes[0], plannedStripAt: null, outSoon: false }]);
  });

  it('refuses a bad set of routes or time, and anyone but staff, changing nothing', async () => {
    const gym = (await t.build.gym('admin', { name: 'Refusing Gym', gradeSystemId: v.id })).id;
    const [a, b] = [await created({ name: 'A' }, gym), await created({ name: 'B' }, gym)];
    const elsewhere = await created({ name: 'Elsewhere' });
    const at = inDays(4);
    const cases: [Record<string, unknown>, string][] = [
      [{ routeIds: [a.id, elsewhere.id], plannedStripAt: at }, 'input.routeIds'],
      [{ routeIds: [a.id, a.id], plannedStripAt: at }, 'input.routeIds'],
      [{ routeIds: [a.id, UNKNOWN], plannedStripAt: at }, 'input.routeIds'],
      [{ routeIds: [], plannedStripAt: at }, 'input.routeIds'],
      [{ routeIds: Array.from({ length: 101 }, () => a.id), plannedStripAt: at }, 'input.routeIds'],
      [{ routeIds: [a.id, 'a'], plannedStripAt: at }, 'input.routeIds.1'],
      [{ routeIds: [a.id, b.id] }, 'input.plannedStripAt'],
      [{ routeIds: [a.id, b.id], plannedStripAt: inDays(-1) }, 'input.plannedStripAt'],
    ];
    for (const [input, field] of cases) expect({ input, errors: badFields(await planStrip(input)) }).toEqual({ input, errors: [`BAD_USER_INPUT ${field}`] });
    expect(errorCodes(await planStrip({ routeIds: [a.id, b.id], plannedStripAt: at }, 'climber'))).toEqual(['FORBIDDEN']);
    expect([await routeOf(a.id), await routeOf(b.id)]).toEqual([a, b]);
  });
});
