import { describe, expect, it } from 'vitest';
import { chooseRate } from './fixed-rate';

describe('the fixed rate', () => {
  it('is half the slowest target’s logbooks req/s, rounded down', () => {
    expect(chooseRate([262, 174, 117, 967])).toBe(58);
  });

  it('ignores targets without a figure, and is at least 1 req/s', () => {
    expect(chooseRate([Number.NaN, 300, 0])).toBe(150);
    expect(chooseRate([1.5])).toBe(1);
  });

  it('is undefined when no target was measured', () => {
    expect(chooseRate([Number.NaN])).toBeUndefined();
    expect(chooseRate([])).toBeUndefined();
  });
});
