import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRevocationCache, type DeviceRevocation, type TokenRevocation, watchTokenRevocations } from './revocations';
import { createLogger } from './logger';
import { SUBGRAPH_SECRET_HEADER } from './subgraph-secret';

/** Whether u1's token of generation 2, of 3, and a token of devices d1 and d2 (of generation 3) are revoked. */
const known = (cache: { isRevoked: ReturnType<typeof createRevocationCache>['isRevoked'] }) => [
  cache.isRevoked({ userId: 'u1', generation: 2, deviceId: null }),
  cache.isRevoked({ userId: 'u1', generation: 3, deviceId: null }),
  cache.isRevoked({ userId: 'u1', generation: 3, deviceId: 'd1' }),
  cache.isRevoked({ userId: 'u1', generation: 3, deviceId: 'd2' }),
];

describe('a revocation cache', () => {
  it('refuses tokens below a user’s generation and tokens of a logged-out device, until every such token has expired', async () => {
    const minute = 60_000;
    let feed = { revocations: [] as TokenRevocation[], devices: [] as DeviceRevocation[], asOf: new Date(0) };
    const cache = createRevocationCache({ source: async () => feed, maxTokenAgeMs: 15 * minute, onError: () => {} });
    cache.stop();
    feed = { revocations: [{ userId: 'u1', generation: 3, revokedAt: new Date(minute) }], devices: [{ deviceId: 'd1', revokedAt: new Date(minute) }], asOf: new Date(minute) };
    await cache.refresh();
    expect(known(cache)).toEqual([true, false, true, false]);
    // An older raise changes nothing; tokens from before devices (no sid) answer to generations only.
    cache.note({ userId: 'u1', generation: 2, revokedAt: new Date(minute) });
    expect(known(cache)).toEqual([true, false, true, false]);
    feed = { revocations: [], devices: [], asOf: new Date(16 * minute) };
    await cache.refresh();
    expect(known(cache)).toEqual([true, false, true, false]);
    feed = { revocations: [], devices: [], asOf: new Date(22 * minute) };
    await cache.refresh();
    expect(known(cache)).toEqual([false, false, false, false]);
  });
});

describe('watching the users service for token revocations', () => {
  // A stand-in for the users subgraph's feed, on loopback; `up` says whether it answers.
  let up = true;
  const secrets: (string | string[] | undefined)[] = [];
  const server = createServer((req, res) => {
    secrets.push(req.headers[SUBGRAPH_SECRET_HEADER]);
    if (!up) return res.writeHead(503).end();
    const revokedAt = new Date().toISOString();
    const feed = { asOf: revokedAt, revocations: [{ userId: 'u1', generation: 3, revokedAt }], devices: [{ deviceId: 'd1', revokedAt }] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _tokenRevocations: feed } }));
  });
  const lines: { level: number; msg: string }[] = [];
  const logger = createLogger('test', 'info', { write: (line: string) => lines.push(JSON.parse(line)) });
  afterAll(() => server.close());

  it('knows the revocations, keeps them through an outage logged once, and logs the recovery', async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const cache = await watchTokenRevocations({ usersUrl: () => url, subgraphSecret: 'the secret', logger, intervalMs: 20 });
    try {
      expect(known(cache)).toEqual([true, false, true, false]);
      expect(secrets[0]).toBe('the secret');
      up = false;
      const polled = secrets.length;
      await vi.waitFor(() => expect(secrets.length).toBeGreaterThan(polled + 3));
      expect(known(cache)).toEqual([true, false, true, false]);
      up = true;
      await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('token revocations: the users service answers again'));
      expect(lines.map((l) => [l.level, l.msg])).toEqual([
        [40, 'token revocations: cannot ask the users service; keeping what is known'],
        [30, 'token revocations: the users service answers again'],
      ]);
    } finally {
      cache.stop();
    }
  });
});
