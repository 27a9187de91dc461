import { describe, expect, it } from 'vitest';
import { nearestGrade } from './grade-scale';

describe('nearestGrade', () => {
  it('picks the smallest distance, the easier grade on a tie, null without grades', () => {
    const grades = [{ scale: 100 }, { scale: 110 }, { scale: 130 }];
    expect([99, 104, 105, 106, 120, 121, 500].map((s) => nearestGrade(grades, s)?.scale)).toEqual([100, 100, 100, 110, 110, 130, 130]);
    expect(nearestGrade([], 100)).toBeNull();
  });
});
