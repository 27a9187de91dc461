import { createAuthorizationVerifier, createHttpApp, createLogger, flushTraces, listen, startObservability, watchTokenRevocations } from '@clmb/common';
import type { Config } from './config';
import { createContextFactory } from './context';
import { warnOnceOfForwardedHeaders } from './forwarded-headers';
import { graphiqlRoutes } from './graphiql';
import { routerMetrics } from './metrics';
import { buildRouter } from './server';
import { redisEventSource, subgraphEventStreams } from './subscriptions/event-sources';
import { startSubscriptions } from './subscriptions';

export interface Router {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Ready means: supergraph loaded and every subgraph answers its own /ready. */
async function subgraphsReady(subgraphs: Map<string, string>): Promise<void> {
  if (subgraphs.size === 0) throw new Error('supergraph not loaded');
  await Promise.all(
    [...subgraphs].map(async ([name, url]) => {
      const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`subgraph ${name} is not ready (${response.status})`);
    }),
  );
}

export async function startRouter(config: Config): Promise<Router> {
  // First: tracing (when configured) and METRICS_PORT decide what the HTTP app and the logger do.
  await startObservability('router');
  const logger = createLogger('router', config.logLevel);
  const { apollo, subgraphs, release, screen, documentFor } = await buildRouter(config, logger, routerMetrics);
  await apollo.start();
  // Logging out everywhere (and the like) stops a token here within a poll, not when it expires.
  const revocations = await watchTokenRevocations({ usersUrl: () => subgraphs.get('users'), subgraphSecret: config.subgraphSecret, logger });
  const verify = await createAuthorizationVerifier(config.auth.publicKey, config.auth, revocations.isRevoked);
  const app = createHttpApp({
    apollo,
    context: createContextFactory(verify),
    ready: () => subgraphsReady(subgraphs),
    logger,
    cors: config.cors,
    bodyLimit: config.bodyLimit,
    ...(screen && { screen }),
    ...(config.trustProxy === false && { guard: warnOnceOfForwardedHeaders(logger) }),
  });
  // Behind a load balancer the socket's address is the balancer's: TRUST_PROXY says whose
  // X-Forwarded-For to believe for the client's address (req.ip). Off, a client cannot spoof it.
  app.set('trust proxy', config.trustProxy);
  if (config.env !== 'production') app.use(graphiqlRoutes());
  const http = await listen(app, config.port, config.host);
  // The gateway has loaded the supergraph: the subgraphs whose event streams to follow are known.
  const events = config.redisUrl
    ? await redisEventSource(config.redisUrl, config.subscriptions.eventsPrefix, logger)
    : subgraphEventStreams(subgraphs, config.subgraphSecret, logger);
  const subscriptions = startSubscriptions({
    server: http.server,
    apollo,
    verify,
    events,
    documentFor,
    config: { ...config.subscriptions, maxPayloadBytes: config.bodyLimitBytes },
    metrics: routerMetrics,
    logger,
  });
  logger.info({ url: `${http.url}/graphql` }, 'router listening');
  return {
    url: http.url,
    port: http.port,
    stop: async () => {
      revocations.stop();
      await subscriptions.close();
      await http.close();
      await apollo.stop();
      await release();
      await flushTraces();
    },
  };
}
