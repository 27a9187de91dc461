import { dataOf, errorCodes, type GradeSystem, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;
let gymId: string;
let otherGymId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await startGymsUnderTest('reports');
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
  otherGymId = (await t.build.gym(t.tokens.admin, { name: 'Beta Boulders', gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const route = async (gym = gymId) => (await t.build.route(t.tokens.admin, { gymId: gym, gradeId: v.grades[0]!.id })).id;
const REPORT = 'id reason note status resolvedAt resolution route { id }';
const report = (input: Record<string, unknown>, token: string | undefined) =>
  t.gql(`mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { ${REPORT} } }`, { input }, token);
const resolve = (input: Record<string, unknown>, token: string | undefined) =>
  t.gql(`mutation ($input: ResolveRouteReportInput!) { resolveRouteReport(input: $input) { ${REPORT} reporter { id } } }`, { input }, token);
const queue = (gym: string, token: string | undefined, args = '') =>
  t.gql(`query ($id: ID!) { gym(id: $id) { reports${args} { edges { node { id reason reporter { id } route { id openReportCount } } } pageInfo { hasNextPage endCursor } } } }`, { id: gym }, token);
const failures = (response: { errors?: { extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);

describe('reportRoute', () => {
  it('files a report the climber then sees with its status', async () => {
    const routeId = await route();
    const filed = await report({ routeId, reason: 'OTHER', note: ' The start hold\nwobbles ' }, t.tokens.climber);
    expect(maskIds(filed)).toEqual({
      status: 200,
      data: { reportRoute: { id: '<uuid>', reason: 'OTHER', note: 'The start hold\nwobbles', status: 'OPEN', resolvedAt: null, resolution: null, route: { id: '<uuid>' } } },
    });
    const mine = dataOf(await t.gql(`{ myRouteReports { edges { node { id status } } } }`, {}, t.tokens.climber))['myRouteReports'];
    expect(mine.edges[0].node).toEqual({ id: dataOf(filed)['reportRoute'].id, status: 'OPEN' });
    expect(errorCodes(await t.gql(`{ myRouteReports { edges { node { id } } } }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a second open report of the same route and reason, naming the open one', async () => {
    const routeId = await route();
    const first = dataOf(await report({ routeId, reason: 'LOOSE_HOLD' }, t.tokens.climber))['reportRoute'];
    const again = await report({ routeId, reason: 'LOOSE_HOLD', note: 'still loose' }, t.tokens.climber);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason', reportId: first.id });
    expect(again.errors?.[0]?.message).toContain(first.id);
    // Another reason, or another climber, is another report.
    expect(errorCodes(await report({ routeId, reason: 'SPINNING_HOLD' }, t.tokens.climber))).toEqual([]);
    expect(errorCodes(await report({ routeId, reason: 'LOOSE_HOLD' }, await t.token('CLIMBER', '00000000-0000-4000-8000-00000000000c')))).toEqual([]);
    // Once resolved, the same problem may be reported again.
    dataOf(await resolve({ reportId: first.id, resolution: 'tightened' }, t.tokens.admin));
    expect(errorCodes(await report({ routeId, reason: 'LOOSE_HOLD' }, t.tokens.climber))).toEqual([]);
  });

  it('rejects bad input naming the field', async () => {
    const routeId = await route();
    const stripped = await route();
    await t.build.stripRoute(t.tokens.admin, stripped);
    const cases: [Record<string, unknown>, string][] = [
      [{ routeId, reason: 'OTHER' }, 'BAD_USER_INPUT input.note'],
      [{ routeId, reason: 'OTHER', note: '   ' }, 'BAD_USER_INPUT input.note'],
      [{ routeId, reason: 'DANGEROUS', note: 'x'.repeat(501) }, 'BAD_USER_INPUT input.note'],
      [{ routeId, reason: 'DANGEROUS', note: 'bell\u0007' }, 'BAD_USER_INPUT input.note'],
      [{ routeId: stripped, reason: 'DANGEROUS' }, 'BAD_USER_INPUT input.routeId'],
      [{ routeId: UNKNOWN, reason: 'DANGEROUS' }, 'BAD_USER_INPUT input.routeId'],
      [{ routeId: 'r1', reason: 'DANGEROUS' }, 'BAD_USER_INPUT input.routeId'],
    ];
    for (const [input, error] of cases) expect({ input, errors: failures(await report(input, t.tokens.climber)) }).toEqual({ input, errors: [error] });
    expect(errorCodes(await report({ routeId, reason: 'DANGEROUS' }, undefined))).toEqual(['UNAUTHENTICATED']);
  });

  it('limits a climber to 20 reports in 24 hours', async () => {
    const climber = await t.token('CLIMBER', '00000000-0000-4000-8000-00000000000d');
    const routes = [await route(), await route(), await route(), await route(), await route(), await route()];
    const reasons = ['LOOSE_HOLD', 'SPINNING_HOLD', 'DANGEROUS', 'OTHER'];
    for (let i = 0; i < 20; i++) expect(errorCodes(await report({ routeId: routes[i % 5], reason: reasons[Math.floor(i / 5)], note: 'n' }, climber))).toEqual([]);
    const refused = await report({ routeId: routes[5], reason: 'DANGEROUS' }, climber);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'ROUTE_REPORTS', limit: 20 });
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(86_000);
  });
});

describe("the staff's queue", () => {
  it('lists a gym’s open reports oldest first, pages them, names the reporter, and counts them on the route', async () => {
    const gym = (await t.build.gym(t.tokens.admin, { name: 'Queue Gym', gradeSystemId: v.id })).id;
    const [a, b] = [await route(gym), await route(gym)];
    const ids: string[] = [];
    for (const [routeId, reason] of [[a, 'LOOSE_HOLD'], [b, 'DANGEROUS'], [a, 'SPINNING_HOLD']] as const)
      ids.push(dataOf(await report({ routeId, reason }, t.tokens.climber))['reportRoute'].id);
    const first = dataOf(await queue(gym, t.tokens.admin, '(first: 2)'))['gym'].reports;
    expect(first.edges.map((e: any) => e.node)).toEqual([
      { id: ids[0], reason: 'LOOSE_HOLD', reporter: { id: '00000000-0000-4000-8000-000000000001' }, route: { id: a, openReportCount: 2 } },
      { id: ids[1], reason: 'DANGEROUS', reporter: { id: '00000000-0000-4000-8000-000000000001' }, route: { id: b, openReportCount: 1 } },
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await queue(gym, t.tokens.admin, `(first: 2, after: "${first.pageInfo.endCursor}")`))['gym'].reports;
    expect(next.edges.map((e: any) => e.node.id)).toEqual([ids[2]]);
    expect(next.pageInfo.hasNextPage).toBe(false);

    const resolved = await resolve({ reportId: ids[0], resolution: 'Tightened the hold' }, t.tokens.admin);
    expect(maskIds(dataOf(resolved), { dates: true })['resolveRouteReport']).toMatchObject({ status: 'RESOLVED', resolvedAt: '<date>', resolution: 'Tightened the hold' });
    const open = dataOf(await queue(gym, t.tokens.admin))['gym'].reports.edges.map((e: any) => e.node.id);
    expect(open).toEqual([ids[1], ids[2]]);
    const done = dataOf(await queue(gym, t.tokens.admin, '(status: RESOLVED)'))['gym'].reports.edges.map((e: any) => e.node);
    expect(done).toEqual([expect.objectContaining({ id: ids[0], route: { id: a, openReportCount: 1 } })]);
    // The reporter sees it resolved.
    const mine = dataOf(await t.gql(`{ myRouteReports(first: 100) { edges { node { id status resolution } } } }`, {}, t.tokens.climber))['myRouteReports'];
    expect(mine.edges.map((e: any) => e.node)).toContainEqual({ id: ids[0], status: 'RESOLVED', resolution: 'Tightened the hold' });
  });

  it('refuses resolving twice, an unknown report, and a climber', async () => {
    const id = dataOf(await report({ routeId: await route(otherGymId), reason: 'DANGEROUS' }, t.tokens.climber))['reportRoute'].id;
    expect(failures(await resolve({ reportId: id }, t.tokens.climber))).toEqual(['FORBIDDEN undefined']);
    expect(errorCodes(await resolve({ reportId: id }, t.tokens.admin))).toEqual([]);
    const twice = await resolve({ reportId: id }, t.tokens.admin);
    expect(failures(twice)).toEqual(['BAD_USER_INPUT input.reportId']);
    expect(twice.errors?.[0]?.message).toMatch(/was resolved at/);
    expect(errorCodes(await resolve({ reportId: UNKNOWN }, t.tokens.admin))).toEqual(['NOT_FOUND']);
  });

  it('is for the staff: a climber gets neither the queue, nor the reporter, nor the count', async () => {
    const routeId = await route(otherGymId);
    dataOf(await report({ routeId, reason: 'SPINNING_HOLD' }, t.tokens.climber));
    expect(errorCodes(await queue(otherGymId, t.tokens.climber))).toEqual(['FORBIDDEN']);
    const reporter = await t.gql(`{ myRouteReports { edges { node { reporter { id } } } } }`, {}, t.tokens.climber);
    expect(errorCodes(reporter)).toContain('FORBIDDEN');
    const count = await t.gql(`query ($id: ID!) { route(id: $id) { openReportCount } }`, { id: routeId }, t.tokens.climber);
    expect(errorCodes(count)).toEqual(['FORBIDDEN']);
  });

  it('reads the queues of many gyms in one statement', async () => {
    const query = `{ gyms(first: 100) { edges { node { reports { edges { node { id } } } } } } }`;
    t.resetStatements();
    dataOf(await t.gql(query, {}, t.tokens.admin));
    expect(t.statements.filter((sql) => sql.includes('route_report'))).toHaveLength(1);
  });
});

describe('batching', () => {
  it("checks a setter once for the open report counts of a gym's 10 or 200 routes", async () => {
    const counted = async (routes: number) => {
      const gym = (await t.build.gym(t.tokens.admin, { name: `Counted ${routes}`, gradeSystemId: v.id })).id;
      const setter = await t.staff(gym, 'SETTER');
      for (let i = 0; i < routes; i++) {
        const id = await route(gym);
        // Each by a climber of their own: one climber's reports are capped at 20 a day.
        if (i % 10 === 0) dataOf(await report({ routeId: id, reason: 'LOOSE_HOLD' }, (await t.account()).token));
      }
      t.resetStatements();
      const counts = dataOf(await t.gql(`query ($id: ID!) { gym(id: $id) { routes { openReportCount } } }`, { id: gym }, setter.token))['gym'].routes;
      expect(counts.filter((r: { openReportCount: number }) => r.openReportCount === 1)).toHaveLength(routes / 10);
      return { all: t.statements.length, staff: t.statements.filter((sql) => sql.includes('gym_staff')).length };
    };
    const ten = await counted(10);
    const many = await counted(200);
    expect({ ten, many }).toEqual({ ten: { all: ten.all, staff: 1 }, many: { all: ten.all, staff: 1 } });
  }, 120_000);
});
