import { expect, it } from 'vitest';
import { formatDuration } from './duration';

it.each([
  [0, 'PT0S'],
  [1500, 'PT1.5S'],
  [90 * 60_000, 'PT1H30M'],
  [3_600_000 + 15_000, 'PT1H15S'],
  [50 * 3_600_000, 'PT50H'],
  [-5, 'PT0S'],
])('formats %i ms as %s', (ms, iso) => {
  expect(formatDuration(ms)).toBe(iso);
});
