import { dataOf, errorCodes, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

// The users service is not running: the plan is made without ratings and says so.
// (router/e2e/route-feedback.e2e.ts plans with them.)
let t: GymsUnderTest;
let v: GradeSystem;
let gymId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startGymsUnderTest('reset_plan', { USERS_URL: 'http://127.0.0.1:9/graphql' });
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2', 'V3'] });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const g = (value: string) => v.grades.find((grade) => grade.value === value)!.id;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const wall = async (name: string) =>
  dataOf(await t.gql(`mutation ($input: CreateWallInput!) { createWall(input: $input) { id } }`, { input: { gymId, name } }, t.tokens.admin))['createWall'].id as string;
const route = async (wallId: string, grade: string, days: number) => (await t.build.route(t.tokens.admin, { gymId, wallId, gradeId: g(grade), setAt: ago(days) })).id;
const PLAN = `query ($id: ID!) {
  planReset(wallId: $id) {
    wall { id }
    ratingsIncluded
    bandsToFill { target { fromGrade { value } toGrade { value } count } current missing }
    candidates { route { id } score reasons { reason value points } }
  }
}`;
const plan = (wallId: string, token = t.tokens.admin) => t.gql(PLAN, { id: wallId }, token);
const climber = (n: number) => t.token('CLIMBER', `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`);

describe('planReset', () => {
  it('ranks the wall’s routes by score with their reasons, and lists the bands short of target', async () => {
    const id = await wall('Cave');
    const old = await route(id, 'V0', 70);
    const voted = await route(id, 'V1', 14);
    const reported = await route(id, 'V2', 7);
    const fresh = await route(id, 'V3', 0);
    for (let i = 0; i < 3; i++) dataOf(await t.gql(`mutation ($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: voted }, await climber(i)));
    dataOf(await t.gql(`mutation ($input: ReportRouteInput!) { reportRoute(input: $input) { id } }`, { input: { routeId: reported, reason: 'DANGEROUS' } }, await climber(9)));
    dataOf(
      await t.gql(
        `mutation ($input: SetWallGradeTargetsInput!) { setWallGradeTargets(input: $input) { id } }`,
        { input: { wallId: id, targets: [{ fromGradeId: g('V0'), toGradeId: g('V1'), count: 4 }, { fromGradeId: g('V2'), toGradeId: g('V3'), count: 2 }] } },
        t.tokens.admin,
      ),
    );
    expect(dataOf(await plan(id))['planReset']).toEqual({
      wall: { id },
      ratingsIncluded: false,
      bandsToFill: [{ target: { fromGrade: { value: 'V0' }, toGrade: { value: 'V1' }, count: 4 }, current: 2, missing: 2 }],
      candidates: [
        { route: { id: voted }, score: 11, reasons: [{ reason: 'MOST_RENEW_VOTES', value: 3, points: 9 }, { reason: 'OLDEST', value: 14, points: 2 }] },
        { route: { id: old }, score: 10, reasons: [{ reason: 'OLDEST', value: 70, points: 10 }] },
        { route: { id: reported }, score: 6, reasons: [{ reason: 'MOST_OPEN_REPORTS', value: 1, points: 5 }, { reason: 'OLDEST', value: 7, points: 1 }] },
        { route: { id: fresh }, score: 0, reasons: [{ reason: 'OLDEST', value: 0, points: 0 }] },
      ],
    });
  });

  it('names at most 20 candidates', async () => {
    const id = await wall('Board');
    for (let i = 0; i < 25; i++) await route(id, 'V0', i);
    const candidates = dataOf(await plan(id))['planReset'].candidates;
    expect(candidates).toHaveLength(20);
    expect(candidates[0].reasons).toEqual([{ reason: 'OLDEST', value: 24, points: 3.43 }]);
  });

  it('is for head setters; an unknown wall is null', async () => {
    const id = await wall('Slab');
    expect(errorCodes(await plan(id, t.tokens.climber))).toEqual(['FORBIDDEN']);
    expect(dataOf(await plan('7d7a2c9e-0000-4000-8000-000000000000'))['planReset']).toBeNull();
  });

  it('costs the same statements for a wall of 10 and of 100 routes', async () => {
    const counted = async (name: string, routes: number) => {
      const id = await wall(name);
      const ids: string[] = [];
      for (let i = 0; i < routes; i++) ids.push(await route(id, v.grades[i % 4]!.value, i));
      for (const routeId of ids.slice(0, 5)) dataOf(await t.gql(`mutation ($id: ID!) { voteRenew(routeId: $id) { id } }`, { id: routeId }, t.tokens.climber));
      t.resetStatements();
      dataOf(await plan(id));
      const planned = t.statements.length;
      t.resetStatements();
      dataOf(await t.gql(`query ($id: ID!) { wall(id: $id) { gradeTargets { count } gradeDistribution { current } lastResetAt } }`, { id }));
      return { planned, wall: t.statements.length };
    };
    const ten = await counted('Ten', 10);
    const hundred = await counted('Hundred', 100);
    expect(hundred).toEqual(ten);
    expect(ten).toEqual({ planned: 5, wall: 4 });
  }, 120_000);
});
