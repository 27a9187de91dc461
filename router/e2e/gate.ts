import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a subgraph that can hold requests back: while closed, requests wait
 * at the gate; `open()` lets them through. It keeps the body of every request that arrived, so a
 * test can tell one shared subgraph call from several.
 */
export interface Gate {
  url: string;
  /** Bodies of the requests that reached the gate (held or passed). */
  readonly bodies: string[];
  close(): void;
  open(): void;
  stop(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export async function startGate(target: string): Promise<Gate> {
  const bodies: string[] = [];
  let waiting: (() => void)[] = [];
  let closed = false;
  const server = createServer(async (req, res) => {
    // The router's event stream (GET /events, for subscriptions) is no subgraph call: not passed.
    if (req.method !== 'POST') return void res.writeHead(404).end();
    const body = await readBody(req);
    bodies.push(body);
    if (closed) await new Promise<void>((resolve) => waiting.push(resolve));
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const answer = await fetch(target, { method: 'POST', headers, body });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(await answer.text());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const open = () => {
    closed = false;
    for (const release of waiting) release();
    waiting = [];
  };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    bodies,
    close: () => {
      closed = true;
    },
    open,
    stop: async () => {
      open();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Polls until `condition` holds (no timing assertion: the test's own timeout bounds it). */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}
