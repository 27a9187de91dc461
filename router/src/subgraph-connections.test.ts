import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFailure } from './subgraph-failure';
import { subgraphConnections } from './subgraph-connections';

const LIMIT = 1024;

/** Answers `size` bytes: announced with content-length at /announced, streamed in chunks without it elsewhere. */
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size'));
    req.resume();
    if (req.url?.startsWith('/announced')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
      res.end('x'.repeat(size));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let sent = 0; sent < size; sent += 256) res.write('x'.repeat(Math.min(256, size - sent)));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = async (path: string) => {
  const connections = subgraphConnections(`${url}${path}`, 5_000, LIMIT);
  try {
    return await connections.post({}, '{}');
  } finally {
    connections.close();
  }
};

describe('subgraphConnections with an answer limit', () => {
  it('reads an answer up to the limit', async () => {
    expect((await post(`/streamed?size=${LIMIT}`)).text).toHaveLength(LIMIT);
    expect((await post(`/announced?size=${LIMIT}`)).text).toHaveLength(LIMIT);
  });

  it('stops reading past it, whether the length is announced or not, as a too-large failure', async () => {
    for (const path of [`/streamed?size=${LIMIT * 64}`, `/announced?size=${LIMIT + 1}`]) {
      const failure = await post(path).then(() => null, (error: unknown) => error);
      expect(classifyFailure(failure)).toBe('too-large');
    }
  });
});
