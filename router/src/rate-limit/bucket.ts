// A token bucket per client, weighted by operation cost: each client's bucket holds up to `burst`
// points and refills at `pointsPerSecond`; an operation takes its estimated cost (demand-control/)
// or is refused, taking nothing, with the time until its cost is there again.

/** The least an operation takes from a bucket: one of only `__typename` or introspection is estimated at 0, but is a request. */
export const MIN_COST = 1;

export interface BucketSettings {
  pointsPerSecond: number;
  /** The bucket's size: what a client may spend at once after being idle. */
  burst: number;
}

/** A bucket's points as of `at` (ms). A client without a bucket has a full one. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** Where the buckets are kept: in this process, or in Redis for every replica. */
export interface BucketStore {
  /** Takes `cost` points from client `key`'s bucket; resolves to 0 when taken, else the milliseconds to wait. */
  take(key: string, cost: number): number | Promise<number>;
  close(): void;
}

/** The points in `bucket` at `now`: its points at `at` plus the refill since, up to the burst. */
export const tokensAt = (bucket: Bucket | undefined, now: number, s: BucketSettings): number =>
  bucket ? Math.min(s.burst, bucket.tokens + (Math.max(0, now - bucket.at) * s.pointsPerSecond) / 1000) : s.burst;

/** Milliseconds until a bucket holding `tokens` has `cost` points: 0 when it has them now. */
export const waitMs = (tokens: number, cost: number, s: BucketSettings): number =>
  tokens >= cost ? 0 : ((cost - tokens) * 1000) / s.pointsPerSecond;

/**
 * Of a refusal's `wait` for `cost`: how long until the bucket holds the cheapest operation's cost,
 * i.e. until some operation could be served again; 0 when one could be now.
 */
export const waitForAnyMs = (wait: number, cost: number, s: BucketSettings): number =>
  Math.max(0, wait - ((cost - MIN_COST) * 1000) / s.pointsPerSecond);

/** When `bucket` is full again; from then on it is the same as no bucket, and may be forgotten. */
export const fullAt = (bucket: Bucket, s: BucketSettings): number => bucket.at + ((s.burst - bucket.tokens) * 1000) / s.pointsPerSecond;

/** A wait as a refused client is told it (Retry-After, `retryAfterSeconds`): whole seconds, at least one. */
export const retryAfterSeconds = (waitMs: number): number => Math.max(1, Math.ceil(waitMs / 1000));
