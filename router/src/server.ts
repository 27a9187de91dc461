import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { maskUnexpectedErrors, type Logger, observeSubgraphFetches, requestMetricsPlugin } from '@clmb/common';
import { operationLimits } from './armor';
import type { Config } from './config';
import type { RouterContext } from './context';
import { SubgraphDataSource } from './data-source';
import { withOfflineExplorerNote } from './graphiql';
import { operationMustResolve } from './operation-name';
import { supergraphFile } from './supergraph-source';

/**
 * The gateway plans every query over the committed supergraph only: no introspection of live
 * subgraphs, so what runs is exactly what CI composed and checked.
 */
export async function buildRouter(config: Config, logger: Logger) {
  /** Subgraph name → GraphQL URL, filled when the gateway loads the supergraph. */
  const subgraphs = new Map<string, string>();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFile(config.supergraphPath, { watch: config.watchSupergraph, logger }),
    logger,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`The supergraph has no routing URL for subgraph ${name}; set ${name.toUpperCase()}_URL.`);
      subgraphs.set(name, target);
      const source = new SubgraphDataSource({ name, url: target, timeoutMs: config.subgraphTimeoutMs, secret: config.subgraphSecret, logger });
      return observeSubgraphFetches(name, source);
    },
  });
  const limits = operationLimits(config);
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    logger,
    formatError: maskUnexpectedErrors(logger, { exposeRequestId: true }),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    introspection: config.env !== 'production',
    // One operation per request: a JSON array body is refused (400) rather than multiplying the limits.
    allowBatchedHttpRequests: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...limits.plugins,
      operationMustResolve,
      requestMetricsPlugin(),
      // Sandbox for developers; in production no landing page at all (it would load from a CDN).
      config.env === 'production'
        ? ApolloServerPluginLandingPageDisabled()
        : withOfflineExplorerNote(ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })),
    ],
  });
  return { apollo, subgraphs };
}
