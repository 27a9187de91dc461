import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { expressMiddleware, type ExpressContextFunctionArgument } from '@as-integrations/express5';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

const READY_TIMEOUT_MS = 1_500;

export interface HttpAppOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: ContextFunction<[ExpressContextFunctionArgument], TContext>;
  /** Throws (or rejects) when the service cannot serve traffic, e.g. its database is unreachable. */
  ready: () => Promise<void>;
  logger: Logger;
  /** Browsers (Apollo Sandbox) call the router from another origin; subgraphs are not for browsers. */
  cors?: boolean;
  bodyLimit?: string;
  /** Runs before `/graphql` parses anything, e.g. the subgraphs' router-only check. */
  guard?: express.RequestHandler;
}

/** `/graphql`, `/health` (the process is alive) and `/ready` (it can serve), the same on every service. */
export function createHttpApp<TContext extends BaseContext>(options: HttpAppOptions<TContext>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      // A probe must get an answer quickly, also while a dependency hangs rather than refuses.
      await Promise.race([
        options.ready(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('readiness check timed out')), READY_TIMEOUT_MS).unref()),
      ]);
      res.json({ status: 'ready' });
    } catch (error) {
      options.logger.warn({ err: error }, 'not ready');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  app.use(
    '/graphql',
    ...(options.cors ? [cors()] : []),
    ...(options.guard ? [options.guard] : []),
    express.json({ limit: options.bodyLimit ?? '100kb' }),
    expressMiddleware(options.apollo, { context: options.context }),
  );
  // Malformed JSON, oversized bodies and the like: a JSON 4xx, never express's HTML page with a stack.
  const onError: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) options.logger.error({ err: error }, 'request failed');
    res.status(status).json({
      errors: [
        {
          message: status === 500 ? 'Internal server error.' : `Bad request: ${error.type ?? 'invalid body'}`,
          extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' },
        },
      ],
    });
  };
  app.use(onError);
  return app;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function listen(app: express.Express, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = createServer(app);
  // Longer than typical load-balancer idle timeouts, so a proxy never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    port: actual,
    url: `http://${shownHost}:${actual}`,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive connection turns idle when its in-flight request is answered: close it then.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(idle);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
