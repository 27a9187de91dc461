import { describe, expect, it } from 'vitest';
import { nearestGrade } from '@clmb/common';
import { demoGradeSystems } from './seed-grade-systems';

const systems = demoGradeSystems.map((system) => ({
  ...system,
  grades: system.grades.map(([value, scale]) => ({ value, scale })),
}));
type Grade = (typeof systems)[number]['grades'][number];
const system = (name: string) => systems.find((s) => s.name === name)!;
const convert = (value: string, from: string, to: string) =>
  nearestGrade(system(to).grades, system(from).grades.find((g) => g.value === value)!.scale)!.value;

/** Every ordered pair of distinct seeded systems of one discipline. */
const pairs = systems.flatMap((a) => systems.filter((b) => b !== a && b.discipline === a.discipline).map((b) => [a, b] as const));

describe('the seeded grade charts, converted with nearestGrade', () => {
  it('converts along the published charts', () => {
    expect(['V0', 'V3', 'V4', 'V6', 'V8', 'V10', 'V17'].map((v) => convert(v, 'V-scale', 'Font'))).toEqual(['4', '6A', '6B', '7A', '7B', '7C+', '9A']);
    expect(['6B', '6B+', '7B+', '8A'].map((v) => convert(v, 'Font', 'V-scale'))).toEqual(['V4', 'V4', 'V8', 'V11']);
    expect(['5.9', '5.10a', '5.11d', '5.13b', '5.14d', '5.15d'].map((v) => convert(v, 'YDS', 'French'))).toEqual(['5b', '6a', '7a', '8a', '9a', '9c']);
    expect(['6a', '7a', '8a', '9a'].map((v) => convert(v, 'French', 'UIAA'))).toEqual(['VI+', 'VIII+', 'X-', 'XI+']);
    expect(['VI+', 'VIII+', 'XI+'].map((v) => convert(v, 'UIAA', 'YDS'))).toEqual(['5.10a', '5.11d', '5.14d']);
  });

  it('is stable: a grade converted there and back lands on a grade that converts to the same place', () => {
    for (const [a, b] of pairs) {
      for (const grade of a.grades) {
        const there = nearestGrade(b.grades, grade.scale)!;
        const back = nearestGrade(a.grades, there.scale)!;
        expect({ from: `${a.name} ${grade.value}`, via: there.value, back: nearestGrade(b.grades, back.scale)!.value }).toEqual({
          from: `${a.name} ${grade.value}`,
          via: there.value,
          back: there.value,
        });
      }
    }
  });

  it('round-trips every seeded grade where the chart is one-to-one (V4 → 6B → V4)', () => {
    let trips = 0;
    for (const [a, b] of pairs) {
      const image = (g: Grade) => nearestGrade(b.grades, g.scale)!;
      for (const grade of a.grades) {
        const there = image(grade);
        // One-to-one here: no other grade of `a` converts to the same grade of `b`.
        if (a.grades.some((other) => other !== grade && image(other) === there)) continue;
        expect(`${a.name} ${grade.value} → ${b.name} ${there.value} → ${nearestGrade(a.grades, there.scale)!.value}`).toBe(
          `${a.name} ${grade.value} → ${b.name} ${there.value} → ${grade.value}`,
        );
        trips++;
      }
    }
    expect(convert(convert('V4', 'V-scale', 'Font'), 'Font', 'V-scale')).toBe('V4');
    expect(trips).toBe(169);
  });
});
