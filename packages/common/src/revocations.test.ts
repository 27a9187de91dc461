import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { watchTokenRevocations } from './revocations';
import { createLogger } from './logger';
import { SUBGRAPH_SECRET_HEADER } from './subgraph-secret';

describe('watching the users service for token revocations', () => {
  // A stand-in for the users subgraph's feed, on loopback; `up` says whether it answers.
  let up = true;
  const secrets: (string | string[] | undefined)[] = [];
  const server = createServer((req, res) => {
    secrets.push(req.headers[SUBGRAPH_SECRET_HEADER]);
    if (!up) return res.writeHead(503).end();
    const feed = { asOf: new Date().toISOString(), revocations: [{ userId: 'u1', generation: 3, revokedAt: new Date().toISOString() }] };
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
      expect(cache.minGeneration('u1')).toBe(3);
      expect(secrets[0]).toBe('the secret');
      up = false;
      const polled = secrets.length;
      await vi.waitFor(() => expect(secrets.length).toBeGreaterThan(polled + 3));
      expect(cache.minGeneration('u1')).toBe(3);
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
