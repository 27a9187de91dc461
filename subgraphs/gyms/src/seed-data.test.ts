import { describe, expect, it } from 'vitest';
import { demoGradeSystems } from './seed-grade-systems';
import { demoGyms } from './seed-gyms';
import { SLUG_PATTERN, slugify } from './slug';

describe('demo data', () => {
  it('has unique grades per system, the ones DESIGN names', () => {
    expect(demoGradeSystems.map((s) => s.name)).toEqual(['V-scale', 'YDS', 'Font', 'French']);
    for (const system of demoGradeSystems) expect(new Set(system.grades).size).toBe(system.grades.length);
    const font = demoGradeSystems.find((s) => s.name === 'Font')!.grades;
    expect(font.slice(0, 8)).toEqual(['3', '4', '4+', '5', '5+', '6A', '6A+', '6B']);
  });

  it('grades every route in its gym’s system and strips a couple', () => {
    expect(new Set(demoGyms.map((g) => g.city)).size).toBeGreaterThanOrEqual(4);
    for (const gym of demoGyms) {
      const grades = demoGradeSystems.find((s) => s.name === gym.system)!.grades;
      expect(gym.routes.length).toBeGreaterThanOrEqual(6);
      expect(gym.routes.length).toBeLessThanOrEqual(10);
      for (const [, grade] of gym.routes) expect(grades).toContain(grade);
      expect(gym.routes.some(([, , , stripped]) => stripped)).toBe(true);
      expect(gym.slug).toBe(slugify(gym.name));
      expect(SLUG_PATTERN.test(gym.slug)).toBe(true);
    }
  });
});
