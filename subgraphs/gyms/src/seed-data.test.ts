import { readFileSync } from 'node:fs';
import { migrationsFolder } from '@clmb/drizzle';
import { SCALE_MAX, SCALE_MIN } from '@clmb/drizzle/gyms';
import { describe, expect, it } from 'vitest';
import { demoGradeSystems } from './grades/seed-grade-systems';
import { demoGyms } from './gyms/seed-gyms';
import { SLUG_PATTERN, slugify } from './gyms/slug';

const valuesOf = (name: string) => demoGradeSystems.find((s) => s.name === name)!.grades.map(([value]) => value);

describe('demo data', () => {
  it('has unique grades per system, the ones DESIGN names and UIAA, rising on the scale', () => {
    expect(demoGradeSystems.map((s) => [s.name, s.discipline])).toEqual([
      ['V-scale', 'BOULDER'],
      ['YDS', 'ROPE'],
      ['Font', 'BOULDER'],
      ['French', 'ROPE'],
      ['UIAA', 'ROPE'],
    ]);
    for (const system of demoGradeSystems) {
      const values = system.grades.map(([value]) => value);
      const scales = system.grades.map(([, scale]) => scale);
      expect(new Set(values).size).toBe(values.length);
      expect(scales.every((scale, i) => i === 0 || scale > scales[i - 1]!)).toBe(true);
      expect(Math.min(...scales)).toBeGreaterThanOrEqual(SCALE_MIN);
      expect(Math.max(...scales)).toBeLessThanOrEqual(SCALE_MAX);
    }
    expect(valuesOf('Font').slice(0, 8)).toEqual(['3', '4', '4+', '5', '5+', '6A', '6A+', '6B']);
    expect(valuesOf('UIAA')).toHaveLength(26);
  });

  it('are the charts the migration backfills existing grade systems from', () => {
    const migration = readFileSync(`${migrationsFolder('gyms')}/0002_grades_walls.sql`, 'utf8');
    const rows = [...migration.matchAll(/\((\d), '(BOULDER|ROPE)', '([^']+)', (\d+)\)/g)].map(([, chart, discipline, value, scale]) => [
      Number(chart),
      discipline,
      value,
      Number(scale),
    ]);
    const order = ['V-scale', 'Font', 'YDS', 'French', 'UIAA'];
    const charts = order.flatMap((name, chart) => {
      const system = demoGradeSystems.find((s) => s.name === name)!;
      return system.grades.map(([value, scale]) => [chart, system.discipline, value, scale]);
    });
    expect(rows).toEqual(charts);
  });

  it('grades every route in its gym’s system, puts it on a wall and strips a couple', () => {
    expect(new Set(demoGyms.map((g) => g.city)).size).toBeGreaterThanOrEqual(4);
    for (const gym of demoGyms) {
      const grades = valuesOf(gym.system);
      expect(gym.routes.length).toBeGreaterThanOrEqual(6);
      expect(gym.routes.length).toBeLessThanOrEqual(10);
      for (const [, grade] of gym.routes) expect(grades).toContain(grade);
      expect(gym.routes.some(([, , , stripped]) => stripped)).toBe(true);
      expect(gym.walls.length).toBeGreaterThanOrEqual(2);
      expect(new Set(gym.walls.map((w) => w.toLowerCase())).size).toBe(gym.walls.length);
      expect(gym.slug).toBe(slugify(gym.name));
      expect(SLUG_PATTERN.test(gym.slug)).toBe(true);
    }
  });
});
