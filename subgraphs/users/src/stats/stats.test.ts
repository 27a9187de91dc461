import { expect, it, vi } from 'vitest';
import type { Context } from '../context';
import type { GradeSystemSummary } from '../gyms-client/gyms-client';
import { progression, pyramid, type UserStatsParent } from './stats';
import type { GradeMonthRow } from './stats-store';

const vScale: GradeSystemSummary = { id: 'v', discipline: 'BOULDER', grades: [{ id: 'v3', scale: 130 }, { id: 'v5', scale: 155 }] };
const row = (month: string, gradeId: string, gradeScale: number, sends: number): GradeMonthRow => ({ userId: 'u', month, gradeId, gradeScale, climbs: 1, sends, tries: 2 });

/** Only what the grade fields read: a user's graded climbs per month, no preferences, one system. */
function fakeContext() {
  const systems = vi.fn(async () => [vScale]);
  const ctx = {
    gradeSystems: { systems },
    loaders: {
      gradeMonthsByUser: { load: async () => [row('2025-01', 'v3', 130, 1), row('2025-03', 'v5', 155, 1)] },
      preferencesByUserId: { load: async () => null },
    },
  } as unknown as Context;
  return { ctx, systems };
}

it("picks a stats object's display system once per discipline, however many of its fields convert grades", async () => {
  const { ctx, systems } = fakeContext();
  const parent: UserStatsParent = { userId: 'u', period: { from: null, to: null }, allowed: null };
  const [steps, points] = await Promise.all([pyramid(ctx, parent, { discipline: 'BOULDER' }), progression(ctx, parent, { discipline: 'BOULDER' })]);
  expect(steps).toEqual([
    { grade: { __typename: 'Grade', id: 'v5' }, sends: 1, attempts: 2 },
    { grade: { __typename: 'Grade', id: 'v3' }, sends: 1, attempts: 2 },
  ]);
  expect(points).toEqual([
    { month: '2025-01', sends: 1, hardestSend: { __typename: 'Grade', id: 'v3' } },
    { month: '2025-02', sends: 0, hardestSend: null },
    { month: '2025-03', sends: 1, hardestSend: { __typename: 'Grade', id: 'v5' } },
  ]);
  await pyramid(ctx, parent, { discipline: 'BOULDER' });
  expect(systems).toHaveBeenCalledTimes(1);
  // Another discipline, or another stats object (another user or period), is converted on its own.
  await pyramid(ctx, parent, { discipline: 'ROPE' });
  await pyramid(ctx, { ...parent }, { discipline: 'BOULDER' });
  expect(systems).toHaveBeenCalledTimes(3);
});
