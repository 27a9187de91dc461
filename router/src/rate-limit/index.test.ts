import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { type DocumentNode, parse } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { routerMetrics } from '../metrics';
import { createRateLimit } from './index';

const config = { enabled: true, pointsPerSecond: 100, burst: 1_000, keyPrefix: 'test:' };

describe('a client refused by the rate limit', () => {
  const expensive = '{ expensive }';
  // The same operation in other words: another query hash, the same cost.
  const reworded = '{ expensive } # again';
  const cheap = '{ cheap }';
  const documents: Record<string, DocumentNode> = { [expensive]: parse(expensive), [reworded]: parse(reworded), [cheap]: parse(cheap) };
  const costOf = ({ document }: { document: DocumentNode }) => (document === documents[cheap] ? 5 : 600);
  const hash = (query: string) => createHash('sha256').update(query).digest('hex');

  /** The plugin and the early refusal over one client's bucket in this process, on a clock of the test's own. */
  async function limited() {
    let now = 0;
    const rateLimit = createRateLimit(config, { redis: undefined, metrics: routerMetrics, logger: pino({ level: 'silent' }), costOf, now: () => now })!;
    const listener = await rateLimit.plugin.requestDidStart!({} as never);
    const authorization = 'Bearer a';
    /** Whether `query` runs (else its 429's Retry-After) once past the early refusal. */
    const operation = async (query: string, context: { liveEvent?: true } = {}) => {
      const response = { http: { headers: new Map<string, string>() } };
      try {
        const resolved = {
          request: {},
          document: documents[query],
          operation: documents[query]!.definitions[0],
          queryHash: hash(query),
          contextValue: { authorization, viewerId: 'a', ...context },
          response,
        };
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
      rateLimit.screen(req, res as unknown as Response, () => {});
      return answer;
    };
    /** Spends the whole burst (1,000 points) on cheap operations: nothing could be served for 10 ms. */
    const drain = async () => {
      for (let i = 0; i < 200; i++) await operation(cheap);
    };
    return { operation, early, drain, advance: (ms: number) => (now += ms), close: rateLimit.close };
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

  it('is not charged for the live events its subscriptions resolve, however many there are', async () => {
    const client = await limited();
    for (let i = 0; i < 10; i++) expect(await client.operation(expensive, { liveEvent: true })).toBe('served');
    expect(await client.operation(expensive)).toBe('served');
    client.close();
  });
});
