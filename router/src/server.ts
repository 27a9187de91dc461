import { readFile } from 'node:fs/promises';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { compactJson, maskUnexpectedErrors, type Logger, observeSubgraphFetches, releaseRequestContexts, requestMetricsPlugin } from '@clmb/common';
import { createAccessControl } from './access';
import { operationLimits } from './operation-limits';
import { createDemandControl } from './demand-control';
import { installCompiledExecution } from './execution';
import { createRouterCache } from './cache';
import type { Config } from './config';
import type { RouterContext } from './context';
import { SubgraphDataSource } from './data-source';
import { withOfflineExplorerNote } from './graphiql';
import { operationMustResolve } from './operation-name';
import { supergraphFile } from './supergraph-source';
import type { RouterMetrics } from './metrics';
import { createRateLimit } from './rate-limit';
import { connectRedis } from './redis';
import { subscriptionGate } from './subscriptions/gate';
import { createTrustedDocuments } from './trusted-documents';

/**
 * The gateway plans every query over the committed supergraph only: no introspection of live
 * subgraphs, so what runs is exactly what CI composed and checked.
 */
export async function buildRouter(config: Config, logger: Logger, metrics: RouterMetrics) {
  // The caches read the cache hints of the supergraph that is loaded at start (demand control: its first weights).
  const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  // First: a supergraph naming a policy the router does not know stops the start here.
  const access = createAccessControl(supergraphSdl, logger);
  const trusted = await createTrustedDocuments(config.trustedDocuments);
  /** Subgraph name → GraphQL URL, filled when the gateway loads the supergraph. */
  const subgraphs = new Map<string, string>();
  const dataSources: SubgraphDataSource[] = [];
  const redis = config.redisUrl && (config.cache.enabled || config.rateLimit.enabled) ? await connectRedis(config.redisUrl, logger) : undefined;
  const cache = createRouterCache(config.cache, { supergraphSdl, redis, metrics, logger });
  installCompiledExecution();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFile(config.supergraphPath, { watch: config.watchSupergraph, logger }),
    logger,
    buildService: ({ name, url }) => {
      const target = config.subgraphUrls[name] ?? url;
      if (!target) throw new Error(`The supergraph has no routing URL for subgraph ${name}; set ${name.toUpperCase()}_URL.`);
      subgraphs.set(name, target);
      const dataSource = new SubgraphDataSource({
        name,
        url: target,
        timeoutMs: config.subgraphTimeoutMs,
        maxResponseBytes: config.subgraphResponseLimitBytes,
        secret: config.subgraphSecret,
        logger,
        dedupe: config.cache.enabled,
        onShared: () => metrics.sharedRequests.inc({ subgraph: name }),
        ...cache?.forSubgraph(name),
      });
      dataSources.push(dataSource);
      return observeSubgraphFetches(name, dataSource);
    },
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => access.supergraphChanged(coreSupergraphSdl));
  const limits = operationLimits(config);
  const demandControl = createDemandControl(supergraphSdl, { maxCost: config.limits.cost });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => demandControl.useSupergraph(coreSupergraphSdl));
  const rateLimit = createRateLimit(config.rateLimit, { redis, metrics, logger, costOf: demandControl.costOf });
  const masking = maskUnexpectedErrors<RouterContext>(logger, { exposeRequestId: true });
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    logger,
    formatError: masking.formatError,
    stringifyResult: compactJson,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    introspection: config.env !== 'production',
    // One operation per request: a JSON array body is refused (400) rather than multiplying the limits.
    allowBatchedHttpRequests: false,
    persistedQueries: trusted.persistedQueries,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      masking.plugin,
      ...limits.plugins,
      operationMustResolve,
      // Refuses an operation over the cost limit; the rate limit reads the same estimate and charges such an operation nothing.
      demandControl.plugin,
      ...(rateLimit ? [rateLimit.plugin] : []),
      // Before the caches: an answer with fields removed carries errors, so it is never cached.
      access.plugin,
      // Subscriptions stop here: checked (graphql-ws) or refused (HTTP), never run by the gateway.
      subscriptionGate,
      // clmb never reports to Apollo's cloud, even with APOLLO_KEY in the environment.
      ApolloServerPluginUsageReportingDisabled(),
      // The caches' plugins; with caching off, not even cache hints are computed.
      ...(cache ? cache.plugins : [ApolloServerPluginCacheControlDisabled()]),
      requestMetricsPlugin(),
      releaseRequestContexts(),
      // Sandbox for developers; in production no landing page at all (it would load from a CDN).
      config.env === 'production'
        ? ApolloServerPluginLandingPageDisabled()
        : withOfflineExplorerNote(ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })),
    ],
  });
  const release = async () => {
    for (const dataSource of dataSources) dataSource.close();
    await cache?.close();
    rateLimit?.close();
    redis?.disconnect();
  };
  /** `screen` runs before Apollo's pipeline: the refusal of untrusted documents, then the rate limit's early refusal. */
  return { apollo, subgraphs, release, screen: trusted.screen(rateLimit?.screen), documentFor: trusted.documentFor };
}
