import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy between the router and a subgraph that misbehaves on request: it resets
 * the connection a request arrives on (`resetNext`), or takes requests and never answers (`hang`).
 * It counts the HTTP requests that reach it, so a test can tell a retried call from a single one.
 */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>/graphql`. */
  url: string;
  /** HTTP requests that arrived, including the ones reset or left hanging. */
  readonly requests: number;
  /** The head (request line and headers) of the last request that arrived. */
  readonly lastHead: string;
  /** Resets the connection of each of the next `count` requests as it arrives. */
  resetNext(count?: number): void;
  /** While on, requests are read and never answered nor forwarded. */
  hang(on: boolean): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let requests = 0;
  let lastHead = '';
  let resets = 0;
  let hanging = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    let upstream: Socket | undefined;
    const closeBoth = () => {
      client.destroy();
      upstream?.destroy();
    };
    client.on('error', closeBoth);
    client.on('data', (chunk: Buffer) => {
      // The router sends each request's head in one write; a request starts with its method. Its
      // event stream (GET /events, for subscriptions) passes, and is not counted as a subgraph call.
      const isRequestStart = /^(POST|GET) /.test(chunk.toString('latin1', 0, 5)) && !chunk.toString('latin1', 0, 12).startsWith('GET /events');
      if (isRequestStart) {
        requests++;
        lastHead = chunk.toString('latin1').split('\r\n\r\n')[0] ?? '';
      }
      if (isRequestStart && resets > 0) {
        resets--;
        client.resetAndDestroy();
        upstream?.destroy();
        return;
      }
      if (hanging) return;
      if (!upstream) {
        upstream = createConnection({ host: hostname, port: Number(targetPort) });
        track(upstream);
        upstream.on('error', closeBoth);
        upstream.on('close', () => client.destroy());
        upstream.pipe(client);
      }
      upstream.write(chunk);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get requests() {
      return requests;
    },
    get lastHead() {
      return lastHead;
    },
    resetNext: (count = 1) => {
      resets = count;
    },
    hang: (on) => {
      hanging = on;
    },
    close: async () => {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
