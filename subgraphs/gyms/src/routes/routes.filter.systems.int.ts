import { dataOf, type GradeSystem } from '@clmb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schema } from '../db';
import { demoGradeSystems } from '../grades/seed-grade-systems';
import { type RoutesInProcess, startRoutesInProcess } from './test-routes';

// The schema in-process over a database this file also writes to: a route graded in another system
// than its gym's is a row only a database from before createRoute's grade check can hold.
let t: RoutesInProcess;

const systems: Record<string, GradeSystem> = {};
const grade = (system: string, value: string) => systems[system]!.grades.find((g) => g.value === value)!.id;
const gyms: Record<string, string> = {};

beforeAll(async () => {
  t = await startRoutesInProcess('gyms_routes_filter_systems');
  for (const { name, discipline, grades } of demoGradeSystems.filter((s) => s.name !== 'French'))
    systems[name] = await t.build.gradeSystem('admin', { name, discipline, grades: grades.map(([v]) => v), scales: grades.map(([, s]) => s) });
  // [gym, its grade system, its routes' grades]
  const fixtures: [string, string, string[]][] = [
    ['Alpha', 'V-scale', ['V1', 'V3', 'V4', 'V5', 'V8']],
    ['Bravo', 'Font', ['5+', '6A', '6B+', '6C+', '7B']],
    ['Charlie', 'V-scale', ['V2', 'V6']],
  ];
  for (const [name, system, values] of fixtures) {
    gyms[name] = (await t.build.gym('admin', { name, gradeSystemId: systems[system]!.id })).id;
    for (const value of values) await t.build.route('admin', { gymId: gyms[name]!, name: value, gradeId: grade(system, value) });
  }
  // Alpha's legacy routes, graded in Font on a V-scale gym.
  const legacy = (value: string) => ({ gymId: gyms['Alpha']!, gradeId: grade('Font', value), colour: 'red', name: `Font ${value}` });
  await t.db.insert(schema.routes).values([legacy('6B+'), legacy('7A')]);
});
afterAll(() => t?.stop());

const GYM = `query ($id: ID!, $filter: RouteFilter) { gym(id: $id) { routes(filter: $filter) { name } } }`;
const names = async (gym: string, filter: Record<string, unknown> | null) =>
  dataOf(await t.gql(GYM, { id: gyms[gym], filter }))['gym'].routes.map((r: { name: string }) => r.name).sort();

it('holds each route to the bounds in its own grade’s system, also one of another system than its gym’s', async () => {
  // V3 to V5 is 155 to 195 on the scale: Font 6A (150) to 6C (190), the easier grade on a tie.
  const v3ToV5 = { gradeFrom: grade('V-scale', 'V3'), gradeTo: grade('V-scale', 'V5') };
  expect(await names('Alpha', null)).toEqual(['Font 6B+', 'Font 7A', 'V1', 'V3', 'V4', 'V5', 'V8']);
  expect(await names('Alpha', v3ToV5)).toEqual(['Font 6B+', 'V3', 'V4', 'V5']);
  expect(await names('Alpha', { gradeFrom: grade('Font', '7A') })).toEqual(['Font 7A', 'V8']);
  expect(await names('Alpha', { gradeTo: grade('V-scale', 'V1') })).toEqual(['V1']);
});

const sortedNames = (routes: { name: string }[]) => routes.map((r) => r.name).sort();

it('answers gyms of different grade systems with one statement per distinct filter', async () => {
  const query = `query ($mid: RouteFilter, $hard: RouteFilter) { gyms { edges { node { name
    mid: routes(filter: $mid) { name }
    hard: routes(filter: $hard) { name }
  } } } }`;
  const mid = { gradeFrom: grade('Font', '6A'), gradeTo: grade('Font', '6C') };
  const hard = { gradeFrom: grade('V-scale', 'V6') };
  t.resetStatements();
  const data = dataOf(await t.gql(query, { mid, hard }));
  // Font 6A to 6C is 150 to 190: V3 (155) to V5 (195). V6 is 210: Font 7A.
  expect(data['gyms'].edges.map(({ node }: any) => [node.name, sortedNames(node.mid), sortedNames(node.hard)])).toEqual([
    ['Alpha', ['Font 6B+', 'V3', 'V4', 'V5'], ['Font 7A', 'V8']],
    ['Bravo', ['6A', '6B+'], ['7B']],
    ['Charlie', [], ['V6']],
  ]);
  expect(t.statements.filter((sql) => /from "gyms"\."route"/.test(sql))).toHaveLength(2);
});

it('costs four statements for a grade-filtered page of routes', async () => {
  t.resetStatements();
  const query = `query ($id: ID!, $from: ID!, $to: ID!) { gym(id: $id) { routes(filter: { gradeFrom: $from, gradeTo: $to }) { grade { value } } } }`;
  const data = dataOf(await t.gql(query, { id: gyms['Bravo'], from: grade('V-scale', 'V3'), to: grade('Font', '7A') }));
  expect(data['gym'].routes.map((r: { grade: { value: string } }) => r.grade.value).sort()).toEqual(['6A', '6B+', '6C+']);
  // The gym; the bounds' grades and, beside them, the grades of every system of the gym's
  // discipline; the routes with their grades.
  expect(t.statements).toHaveLength(4);
});
