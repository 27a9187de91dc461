import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('durations as the API writes them', () => {
  it.each([
    [0, 'PT0S'],
    [1500, 'PT1.5S'],
    [90 * 60_000, 'PT1H30M'],
    [3_600_000 + 15_000, 'PT1H15S'],
    [50 * 3_600_000, 'PT50H'],
    [-5, 'PT0S'],
  ])('formats %i ms as %s, and reads it back', (ms, iso) => {
    expect(formatDuration(ms)).toBe(iso);
    expect(parseDuration(iso)).toBe(Math.max(0, ms));
  });

  it.each(['P1D', '-PT1H', 'PT-1H', 'PT', '1 hour', '', 'PT1H garbage', 'xxPT1H', 'PT1.5H', 'PT1,5S'])('reads %j as no duration of the API', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
