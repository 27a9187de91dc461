import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { type DocumentNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';
import { addressBucket, fullAt, memoryBuckets, rateLimitPlugin, refusedClients, refuseWhileWaiting, tokensAt, waitForAnyMs, waitMs } from './rate-limit';

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

describe('clients refused lately', () => {
  it('wait for any operation, then for the refused one, then are forgotten; at most so many at once', () => {
    let now = 0;
    const refused = refusedClients({ now: () => now, maxClients: 2 });
    const same = () => 'hash a';
    const other = () => 'hash b';
    // Refused operation "hash a": nothing could be served for 500 ms, "hash a" not for 1,500 ms.
    refused.note('Bearer a', 'hash a', 1_500, 500);
    expect([refused.waitOf('Bearer a', other), refused.waitOf('Bearer a', same), refused.waitOf('Bearer b', same)]).toEqual([500, 1_500, 0]);
    now = 1_000;
    expect([refused.waitOf('Bearer a', same), refused.waitOf('Bearer a', other)]).toEqual([500, 0]);
    now = 1_500;
    expect([refused.waitOf('Bearer a', same), refused.size()]).toEqual([0, 0]);
    for (const key of ['x', 'y', 'z']) refused.note(key, 'hash', 1_000, 1_000);
    expect([refused.size(), refused.waitOf('x', same), refused.waitOf('z', same)]).toEqual([2, 0, 1_000]);
  });

  it('refuse everything until both waits are over once a second, different operation is refused', () => {
    let now = 0;
    const refused = refusedClients({ now: () => now });
    refused.note('Bearer a', 'hash a', 3_000, 0);
    now = 1_000;
    refused.note('Bearer a', 'hash b', 1_000, 0);
    expect([refused.waitOf('Bearer a', () => 'hash c'), refused.waitOf('Bearer a', () => 'hash b')]).toEqual([2_000, 2_000]);
  });
});

describe('a client refused by the rate limit', () => {
  const expensive = '{ expensive }';
  // The same operation in other words: another query hash, the same cost.
  const reworded = '{ expensive } # again';
  const cheap = '{ cheap }';
  const documents: Record<string, DocumentNode> = { [expensive]: parse(expensive), [reworded]: parse(reworded), [cheap]: parse(cheap) };
  const costOf = (document: DocumentNode) => (document === documents[cheap] ? 5 : 600);
  const hash = (query: string) => createHash('sha256').update(query).digest('hex');

  /** The plugin and the early refusal over one client's bucket, on a clock of the test's own. */
  async function limited() {
    let now = 0;
    const buckets = memoryBuckets(settings, { now: () => now });
    const refused = refusedClients({ now: () => now });
    const metrics = createMetrics();
    const listener = await rateLimitPlugin(buckets, settings, costOf, refused, metrics).requestDidStart!({} as never);
    const authorization = 'Bearer a';
    /** Whether `query` runs (else its 429's Retry-After) once past the early refusal. */
    const operation = async (query: string) => {
      const response = { http: { headers: new Map<string, string>() } };
      try {
        const resolved = { document: documents[query], queryHash: hash(query), contextValue: { authorization, viewerId: 'a' }, response };
        await listener!.didResolveOperation!(resolved as never);
        return 'served';
      } catch {
        return `refused, retry after ${response.http.headers.get('retry-after')}`;
      }
    };
    /** What the early refusal does with the client's next request for `query`: 'next', or its Retry-After. */
    const early = (query: string) => {
      let answer = 'next';
      const res = {
        status: () => res,
        set: (_: string, seconds: string) => {
          answer = `refused, retry after ${seconds}`;
          return res;
        },
        json: () => res,
      };
      const req = { method: 'POST', headers: { authorization }, body: { query } } as Request;
      refuseWhileWaiting(refused, metrics)(req, res as unknown as Response, () => {});
      return answer;
    };
    /** Spends the whole burst (1,000 points) on cheap operations: nothing could be served for 10 ms. */
    const drain = async () => {
      for (let i = 0; i < 200; i++) await operation(cheap);
    };
    return { operation, early, drain, advance: (ms: number) => (now += ms), close: () => buckets.close() };
  }

  it('is refused the same operation before Apollo until its wait is over, and served a cheaper one its bucket can pay for', async () => {
    const client = await limited();
    expect(await client.operation(expensive)).toBe('served');
    // 400 points left: a second expensive one waits 2 s, sent again it is refused early; a cheap one is served.
    expect(await client.operation(expensive)).toBe('refused, retry after 2');
    expect(client.early(expensive)).toBe('refused, retry after 2');
    expect(client.early(cheap)).toBe('next');
    expect(await client.operation(cheap)).toBe('served');
    client.close();
  });

  it('is told the refused operation’s whole wait when it sends it again early, also while nothing could be served', async () => {
    const client = await limited();
    await client.drain();
    // 0 points left: the expensive one waits 6 s; sent again, the same 6 s, not the 10 ms until a cheap one could run.
    expect(await client.operation(expensive)).toBe('refused, retry after 6');
    expect([client.early(expensive), client.early(cheap)]).toEqual(['refused, retry after 6', 'refused, retry after 1']);
    client.close();
  });

  it('is refused everything before Apollo once it varies the refused operation’s text', async () => {
    const client = await limited();
    expect(await client.operation(expensive)).toBe('served');
    expect(await client.operation(expensive)).toBe('refused, retry after 2');
    expect(await client.operation(reworded)).toBe('refused, retry after 2');
    expect([client.early(cheap), client.early(expensive)]).toEqual(['refused, retry after 2', 'refused, retry after 2']);
    client.advance(2_000);
    expect(client.early(cheap)).toBe('next');
    client.close();
  });

  it('is refused everything before Apollo while its bucket cannot pay for any operation', async () => {
    const client = await limited();
    await client.drain();
    // 0 points left: nothing could be served for 10 ms, so nothing reaches Apollo until then.
    expect(await client.operation(cheap)).toBe('refused, retry after 1');
    expect([client.early(cheap), client.early(expensive)]).toEqual(['refused, retry after 1', 'refused, retry after 1']);
    client.advance(10);
    // A point is there: another operation goes on; the refused one is still refused early until its cost is.
    expect([client.early(expensive), client.early(cheap)]).toEqual(['next', 'refused, retry after 1']);
    client.advance(40);
    expect(client.early(cheap)).toBe('next');
    expect(await client.operation(cheap)).toBe('served');
    client.close();
  });
});

describe('the bucket of an address', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('%s → %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });
});
