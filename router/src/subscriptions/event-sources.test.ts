import { createServer, type Server, type ServerResponse } from 'node:http';
import { createLogger, type EntityEvent } from '@clmb/common';
import { freePort } from '@clmb/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EventSource, subgraphEventStreams } from './event-sources';

/** A logger whose lines the test reads: level and message. */
function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const logger = createLogger('router', 'info', {
    write: (line: string) => {
      const { level, msg } = JSON.parse(line) as { level: number; msg: string };
      lines.push({ level: level >= 40 ? 'warn' : 'info', msg });
    },
  });
  return { logger, lines };
}

/** A subgraph's GET /events on `port`: server-sent events it writes with `send`, until `stop`. */
async function eventStream(port: number) {
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    if (req.url !== '/events') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': up\n\n');
    open.add(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    connected: () => open.size > 0,
    send: (event: EntityEvent) => {
      for (const res of open) res.write(`data: ${JSON.stringify(event)}\n\n`);
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('subgraphEventStreams', () => {
  let source: EventSource | undefined;
  afterEach(() => source?.close());

  it('tells a stream not up yet (a subgraph still starting) at info, not as lost; a stream lost once up is a warning', async () => {
    const port = await freePort();
    const { logger, lines } = recordingLogger();
    source = subgraphEventStreams(new Map([['users', `http://127.0.0.1:${port}/graphql`]]), undefined, logger);
    const heard: EntityEvent[] = [];
    source.subscribe('notificationAdded:ada', (event) => heard.push(event));

    await vi.waitFor(() => expect(lines).toContainEqual({ level: 'info', msg: 'subscriptions: event stream not up yet, trying again' }), { timeout: 5_000 });
    const stream = await eventStream(port);
    await vi.waitFor(() => expect(stream.connected()).toBe(true), { timeout: 5_000 });
    const event = { topic: 'notificationAdded:ada', entity: { __typename: 'Notification', id: 'n1' } };
    stream.send(event);
    await vi.waitFor(() => expect(heard).toEqual([event]), { timeout: 5_000 });
    expect(lines).toEqual([
      { level: 'info', msg: 'subscriptions: event stream not up yet, trying again' },
      { level: 'info', msg: 'subscriptions: event stream up' },
    ]);

    await stream.stop();
    await vi.waitFor(() => expect(lines.at(-1)).toEqual({ level: 'warn', msg: 'subscriptions: event stream lost, connecting again' }), { timeout: 5_000 });
    const back = await eventStream(port);
    await vi.waitFor(() => expect(lines.at(-1)).toEqual({ level: 'info', msg: 'subscriptions: event stream back' }), { timeout: 10_000 });
    await back.stop();
  });
});
