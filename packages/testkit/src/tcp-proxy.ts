import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy for fault injection: put it between a service and its database (or
 * another service), then `cut()` it (the peer is gone: open connections reset, new ones refused)
 * and `restore()` it on the same port.
 */
export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export interface TcpProxyOptions {
  /** Called per accepted connection; the listener it returns sees every chunk the client sends. */
  tap?: () => (chunk: Buffer) => void;
}

export async function startTcpProxy(targetHost: string, targetPort: number, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let server: Server | undefined;
  let port = 0;

  const listen = async () => {
    // No Nagle on either side: a proxy that held a small write back until the previous one was
    // acknowledged (Node's sockets' default) would add the peer's delayed ACK, up to 40 ms, to a
    // client's pipelined statements, a delay the service never has without the proxy.
    server = createServer({ noDelay: true }, (client) => {
      connections++;
      const upstream = createConnection({ host: targetHost, port: targetPort, noDelay: true });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      if (options.tap) client.on('data', options.tap());
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as { port: number }).port;
  };

  const stop = async () => {
    if (!server) return;
    const closing = once(server, 'close');
    server.close();
    for (const socket of sockets) socket.resetAndDestroy();
    await closing;
    server = undefined;
  };

  await listen();
  return {
    get port() {
      return port;
    },
    get connections() {
      return connections;
    },
    cut: stop,
    restore: listen,
    close: stop,
  };
}
