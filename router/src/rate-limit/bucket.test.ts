import { describe, expect, it } from 'vitest';
import { fullAt, tokensAt, waitForAnyMs, waitMs } from './bucket';

const settings = { pointsPerSecond: 100, burst: 1_000 };

describe('the token bucket', () => {
  it('is full for a new client, refills at the rate and never beyond the burst', () => {
    expect(tokensAt(undefined, 0, settings)).toBe(1_000);
    expect(tokensAt({ tokens: 0, at: 1_000 }, 1_500, settings)).toBe(50);
    expect(tokensAt({ tokens: 900, at: 0 }, 60_000, settings)).toBe(1_000);
    // A clock that steps back refills nothing, and takes nothing either.
    expect(tokensAt({ tokens: 10, at: 5_000 }, 4_000, settings)).toBe(10);
  });

  it('says how long until a cost is there, and when a bucket is full again', () => {
    expect(waitMs(300, 300, settings)).toBe(0);
    expect(waitMs(100, 350, settings)).toBe(2_500);
    expect(fullAt({ tokens: 400, at: 10_000 }, settings)).toBe(16_000);
  });

  it('says how much of a refused operation’s wait passes before the cheapest operation (1 point) could be served', () => {
    // 100 points left, 350 asked: the cheapest operation could be served now.
    expect(waitForAnyMs(waitMs(100, 350, settings), 350, settings)).toBe(0);
    expect(waitForAnyMs(waitMs(0.5, 350, settings), 350, settings)).toBeCloseTo(5);
  });
});
