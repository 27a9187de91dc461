import { expect, it } from 'vitest';
import { nearestGrade } from '@clmb/common';
import { createGradeSystemCache } from '../gyms-client/grade-system-cache';
import { displaySystem } from './grade-conversion';
import type { GradeSystemSummary } from '../gyms-client/gyms-client';

const system = (id: string, discipline: 'BOULDER' | 'ROPE', scales: number[]): GradeSystemSummary => ({
  id,
  discipline,
  grades: scales.map((scale) => ({ id: `${id}${scale}`, scale })),
});
const vScale = system('v', 'BOULDER', [130, 155, 175]);
const font = system('f', 'BOULDER', [130, 150, 160, 170, 180]);
const yds = system('y', 'ROPE', [180]);

it('converts to the nearest grade, the easier one on a tie', () => {
  expect(nearestGrade(font.grades, 175)).toEqual({ id: 'f170', scale: 170 });
  expect(nearestGrade(font.grades, 155)).toEqual({ id: 'f150', scale: 150 });
  expect(nearestGrade(vScale.grades, 170)).toEqual({ id: 'v175', scale: 175 });
  expect(nearestGrade([], 170)).toBeNull();
});

it('shows the preferred system of the discipline, else the one most climbs were graded in', () => {
  const counts = [
    { gradeId: 'v130', climbs: 2 },
    { gradeId: 'v175', climbs: 1 },
    { gradeId: 'f170', climbs: 2 },
  ];
  expect(displaySystem([vScale, font, yds], 'BOULDER', 'f', counts)).toBe(font);
  expect(displaySystem([vScale, font, yds], 'BOULDER', null, counts)).toBe(vScale);
  // A preference of the other discipline does not apply; unknown grades count for nothing.
  expect(displaySystem([vScale, font, yds], 'BOULDER', 'y', [{ gradeId: 'f150', climbs: 1 }])).toBe(font);
  expect(displaySystem([vScale, font, yds], 'BOULDER', null, [{ gradeId: 'gone', climbs: 5 }])).toBeNull();
});

it('asks gyms for the grade systems at most once per interval, and serves the last copy while gyms fails', async () => {
  let calls = 0;
  let failing = false;
  const gyms = {
    gradeSystems: async () => {
      calls++;
      if (failing) throw new Error('gyms down');
      return [vScale];
    },
  };
  const cached = createGradeSystemCache(gyms, 60_000);
  await Promise.all([cached.systems(), cached.systems()]);
  expect(await cached.systems()).toEqual([vScale]);
  expect(calls).toBe(1);

  const expiring = createGradeSystemCache(gyms, 0);
  await expiring.systems();
  failing = true;
  expect(await expiring.systems()).toEqual([vScale]);
  expect(calls).toBe(3);
  await expect(createGradeSystemCache(gyms).systems()).rejects.toThrow('gyms down');
});
