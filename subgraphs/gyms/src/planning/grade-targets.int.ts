import { dataOf, errorCodes, type GradeSystem, testDatabaseUrl } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GymsUnderTest, startGymsUnderTest } from '../test-service';

let t: GymsUnderTest;
let v: GradeSystem;
let font: GradeSystem;
let rope: GradeSystem;
let gymId: string;
const UNKNOWN = '7d7a2c9e-0000-4000-8000-000000000000';
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startGymsUnderTest('grade_targets');
  // V0..V5 at 100..150; Font at 95, 115, 135, 145, 155: a Font band covers the V grades it spans on the scale.
  v = await t.build.gradeSystem(t.tokens.admin, { name: 'Test V', grades: ['V0', 'V1', 'V2', 'V3', 'V4', 'V5'] });
  font = await t.build.gradeSystem(t.tokens.admin, { name: 'Test Font', grades: ['4', '5', '6A', '6B', '6C'], scales: [95, 115, 135, 145, 155] });
  rope = await t.build.gradeSystem(t.tokens.admin, { name: 'Test YDS', grades: ['5.9', '5.10'], discipline: 'ROPE' });
  gymId = (await t.build.gym(t.tokens.admin, { name: 'Alpha Boulders', gradeSystemId: v.id })).id;
});
afterAll(() => t?.stop());

const g = (system: GradeSystem, value: string) => system.grades.find((grade) => grade.value === value)!.id;
const wall = async (name: string) =>
  dataOf(await t.gql(`mutation ($input: CreateWallInput!) { createWall(input: $input) { id } }`, { input: { gymId, name } }, t.tokens.admin))['createWall'].id as string;
const route = async (wallId: string, grade: string, setAt?: string) => (await t.build.route(t.tokens.admin, { gymId, wallId, gradeId: g(v, grade), ...(setAt && { setAt }) })).id;
const set = (wallId: string, targets: unknown[], token = t.tokens.admin) =>
  t.gql(
    `mutation ($input: SetWallGradeTargetsInput!) { setWallGradeTargets(input: $input) { gradeTargets { fromGrade { value } toGrade { value } count } } }`,
    { input: { wallId, targets } },
    token,
  );
const band = (from: string, to: string, count: number, system = v) => ({ fromGradeId: g(system, from), toGradeId: g(system, to), count });
const failures = (response: { errors?: { extensions?: Record<string, any> }[] }) =>
  response.errors?.map((e) => `${e.extensions?.['code']} ${e.extensions?.['field']}`);

describe('setWallGradeTargets', () => {
  it('sets a wall’s bands, in any system of the gym’s discipline, and replaces them', async () => {
    const id = await wall('Cave');
    const targets = [band('V0', 'V1', 3), band('V2', 'V3', 2), band('6B', '6C', 1, font)];
    expect(dataOf(await set(id, targets))['setWallGradeTargets'].gradeTargets).toEqual([
      { fromGrade: { value: 'V0' }, toGrade: { value: 'V1' }, count: 3 },
      { fromGrade: { value: 'V2' }, toGrade: { value: 'V3' }, count: 2 },
      { fromGrade: { value: '6B' }, toGrade: { value: '6C' }, count: 1 },
    ]);
    expect(dataOf(await set(id, [band('V4', 'V4', 4)]))['setWallGradeTargets'].gradeTargets).toEqual([
      { fromGrade: { value: 'V4' }, toGrade: { value: 'V4' }, count: 4 },
    ]);
    expect(dataOf(await set(id, []))['setWallGradeTargets'].gradeTargets).toEqual([]);
  });

  it('refuses targets that do not add up, naming the field', async () => {
    const id = await wall('Slab');
    const cases: [unknown[], string][] = [
      [[band('V0', 'V2', 2), band('V2', 'V3', 2)], 'BAD_USER_INPUT input.targets.1.fromGradeId'],
      [[band('V2', 'V3', 2), band('V0', 'V1', 2), band('5', '6A', 1, font)], 'BAD_USER_INPUT input.targets.2.fromGradeId'],
      [[{ fromGradeId: g(v, 'V0'), toGradeId: g(font, '6A'), count: 1 }], 'BAD_USER_INPUT input.targets.0.toGradeId'],
      [[band('V3', 'V1', 1)], 'BAD_USER_INPUT input.targets.0.toGradeId'],
      [[band('5.9', '5.10', 1, rope)], 'BAD_USER_INPUT input.targets.0.fromGradeId'],
      [[{ fromGradeId: UNKNOWN, toGradeId: g(v, 'V1'), count: 1 }], 'BAD_USER_INPUT input.targets.0.fromGradeId'],
      [[band('V0', 'V1', -1)], 'BAD_USER_INPUT input.targets.0.count'],
      [[band('V0', 'V1', 101)], 'BAD_USER_INPUT input.targets.0.count'],
      [[band('V0', 'V1', 60), band('V2', 'V3', 41)], 'BAD_USER_INPUT input.targets'],
      [Array.from({ length: 21 }, () => band('V0', 'V0', 1)), 'BAD_USER_INPUT input.targets'],
    ];
    for (const [targets, error] of cases) expect({ targets, errors: failures(await set(id, targets)) }).toEqual({ targets, errors: [error] });
    expect(errorCodes(await set(UNKNOWN, []))).toEqual(['NOT_FOUND']);
    // Nothing of the refused sets was kept.
    expect(dataOf(await t.gql(`query ($id: ID!) { wall(id: $id) { gradeTargets { count } } }`, { id }))['wall'].gradeTargets).toEqual([]);
  });

  it('is for head setters only', async () => {
    const id = await wall('Roof');
    expect(errorCodes(await set(id, [band('V0', 'V1', 1)], t.tokens.climber))).toEqual(['FORBIDDEN']);
  });
});

// PGlite answers one statement at a time: saves cannot meet there, so this needs TEST_DATABASE_URL.
describe.skipIf(!testDatabaseUrl())('concurrent saves of one wall\'s targets (skipped without TEST_DATABASE_URL)', () => {
  it('queue: each save replaces the bands, so the wall keeps those of one of them', async () => {
    const saves = [
      [band('V0', 'V1', 30), band('V2', 'V3', 30), band('V4', 'V5', 30)],
      [band('V0', 'V0', 40), band('V1', 'V2', 40), band('V3', 'V5', 20)],
      [band('V0', 'V2', 50), band('V3', 'V4', 40), band('V5', 'V5', 10)],
    ];
    const READ = `query ($id: ID!) { wall(id: $id) { gradeTargets { fromGrade { id } toGrade { id } count } } }`;
    for (let round = 0; round < 5; round++) {
      const id = await wall(`Race ${round}`);
      const answers = await Promise.all([...saves, ...saves].map((targets) => set(id, targets)));
      expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
      // One save's bands share their insert's time, so compare them in any order.
      const sorted = (bands: { fromGrade: { id: string } }[]) => [...bands].sort((a, b) => a.fromGrade.id.localeCompare(b.fromGrade.id));
      const kept = sorted(dataOf(await t.gql(READ, { id }))['wall'].gradeTargets);
      const saved = saves.map((targets) => sorted(targets.map(({ fromGradeId, toGradeId, count }) => ({ fromGrade: { id: fromGradeId }, toGrade: { id: toGradeId }, count }))));
      expect(saved).toContainEqual(kept);
    }
  });
});

describe('Wall.gradeDistribution and Wall.lastResetAt', () => {
  it('counts the routes on the wall per band, and those outside every band', async () => {
    const id = await wall('Board');
    for (const grade of ['V0', 'V0', 'V1', 'V2', 'V4', 'V5']) await route(id, grade);
    const stripped = await route(id, 'V3');
    await t.build.stripRoute(t.tokens.admin, stripped);
    dataOf(await set(id, [band('V0', 'V1', 3), band('V2', 'V3', 2), band('6B', '6C', 1, font)]));
    const distribution = dataOf(await t.gql(`query ($id: ID!) { wall(id: $id) { gradeDistribution { target { fromGrade { value } count } current } } }`, { id }))['wall'];
    expect(distribution.gradeDistribution).toEqual([
      { target: { fromGrade: { value: 'V0' }, count: 3 }, current: 3 },
      { target: { fromGrade: { value: 'V2' }, count: 2 }, current: 1 },
      // 6B..6C is 145..155 on the scale: V5 (150) is in it, V4 (140) is not.
      { target: { fromGrade: { value: '6B' }, count: 1 }, current: 1 },
      { target: null, current: 1 },
    ]);
  });

  it('is the latest strip of 5 or more routes within a day', async () => {
    const id = await wall('Comp');
    const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 3_600_000).toISOString();
    const routes: string[] = [];
    for (let i = 0; i < 8; i++) routes.push(await route(id, 'V1', ago(40)));
    const read = async () => dataOf(await t.gql(`query ($id: ID!) { wall(id: $id) { lastResetAt } }`, { id }))['wall'].lastResetAt;
    expect(await read()).toBeNull();
    // 4 routes in a day is no reset.
    for (let i = 0; i < 4; i++) await t.build.stripRoute(t.tokens.admin, routes[i]!, ago(20, 10 - i));
    expect(await read()).toBeNull();
    // The fifth, within the day: the wall was reset then.
    const fifth = ago(20, 5);
    await t.build.stripRoute(t.tokens.admin, routes[4]!, fifth);
    expect(await read()).toBe(fifth);
    // Two more a week ago are no reset; the last reset stays.
    await t.build.stripRoute(t.tokens.admin, routes[5]!, ago(7));
    await t.build.stripRoute(t.tokens.admin, routes[6]!, ago(7));
    expect(await read()).toBe(fifth);
  });
});
