import { describe, expect, it } from 'vitest';
import { memoryBuckets } from './memory-buckets';

const settings = { pointsPerSecond: 100, burst: 1_000 };

describe('buckets in this process', () => {
  const clock = (start = 0) => {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('serves a burst, refuses the next operation without taking from it, and serves again once refilled', () => {
    const time = clock();
    const buckets = memoryBuckets(settings, { now: time.now });
    expect([buckets.take('a', 600), buckets.take('a', 400)]).toEqual([0, 0]);
    expect(buckets.take('a', 200)).toBe(2_000);
    time.advance(1_000);
    expect(buckets.take('a', 200)).toBe(1_000);
    // Another client has its own bucket.
    expect(buckets.take('b', 1_000)).toBe(0);
    time.advance(1_000);
    expect(buckets.take('a', 200)).toBe(0);
    expect(buckets.take('a', 1)).toBe(10);
    buckets.close();
  });

  it('forgets buckets that have filled up again, and the oldest beyond its bound', () => {
    const time = clock();
    const buckets = memoryBuckets(settings, { now: time.now, maxBuckets: 3 });
    buckets.take('idle', 100);
    time.advance(500);
    buckets.take('busy', 1_000);
    time.advance(500);
    buckets.sweep();
    expect(buckets.size()).toBe(1);
    // `busy` was kept: its bucket is still empty.
    expect(buckets.take('busy', 1_000)).toBeGreaterThan(0);
    for (const key of ['c', 'd', 'e']) buckets.take(key, 1);
    expect(buckets.size()).toBe(3);
    // `busy`, the oldest, was forgotten: its client starts again from a full bucket.
    expect(buckets.take('busy', 1_000)).toBe(0);
    buckets.close();
  });
});
