import { type Bucket, type BucketSettings, fullAt, tokensAt, waitMs } from './bucket';

interface MemoryBucketsOptions {
  /** Buckets kept at most; beyond that the oldest is forgotten (its client gets a full bucket). */
  maxBuckets?: number;
  sweepIntervalMs?: number;
  now?: () => number;
}

/**
 * The buckets in this process: a Map lookup and some arithmetic per request. Memory stays bounded:
 * a sweep forgets every bucket that has filled up again (an idle client), and past `maxBuckets`
 * the oldest bucket is forgotten.
 */
export function memoryBuckets(s: BucketSettings, options: MemoryBucketsOptions = {}) {
  const { maxBuckets = 100_000, sweepIntervalMs = 10_000, now = Date.now } = options;
  const buckets = new Map<string, Bucket>();
  const sweep = () => {
    const time = now();
    for (const [key, bucket] of buckets) if (fullAt(bucket, s) <= time) buckets.delete(key);
  };
  const timer = setInterval(sweep, sweepIntervalMs);
  timer.unref();
  return {
    take(key: string, cost: number): number {
      const time = now();
      const bucket = buckets.get(key);
      const tokens = tokensAt(bucket, time, s);
      if (tokens < cost) return waitMs(tokens, cost, s);
      if (bucket) {
        bucket.tokens = tokens - cost;
        bucket.at = time;
      } else {
        if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value as string);
        buckets.set(key, { tokens: tokens - cost, at: time });
      }
      return 0;
    },
    sweep,
    /** Buckets held now. */
    size: () => buckets.size,
    close: () => clearInterval(timer),
  };
}
