import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { DocumentNode } from 'graphql';
import type { Config } from './config';

/** The least an operation costs the rate limit: introspection costs Armor nothing, and every request costs something. */
export const MIN_COST = 1;

/**
 * Operation limits, checked once against the supergraph before any subgraph is asked: depth,
 * aliases, directives and cost with GraphQL Armor's validation rules (a rejection is a 400
 * GRAPHQL_VALIDATION_FAILED), tokens with graphql-js's own parser limit (a 400
 * GRAPHQL_PARSE_FAILED). Armor's token plugin is off because on Apollo Server 5 it throws from a
 * `parsingDidStart` hook, which Apollo answers with a 500; the parser's `maxTokens` stops reading
 * the document at the limit instead.
 *
 * `costOf` gives the rate limit (rate-limit/) the cost Armor computed for a document. Apollo
 * validates a query's text once and keeps the parsed document for later requests, so the cost is
 * remembered per document (the costliest operation, for a document of several), not recomputed.
 */
export function operationLimits(config: Config) {
  const { limits } = config;
  const costs = new WeakMap<DocumentNode, number>();
  const armor = new ApolloArmor({
    // Depth counts fields, not fragment spreads: the app's Logbook (fragments SessionDetails and
    // ClimbDetails) is as deep as the same query written inline.
    maxDepth: { n: limits.depth, flattenFragments: true },
    maxAliases: { n: limits.aliases },
    maxDirectives: { n: limits.directives },
    costLimit: {
      maxCost: limits.cost,
      onAccept: [
        (context, { n }: { n: number }) => {
          const document = context?.getDocument();
          if (document) costs.set(document, Math.max(costs.get(document) ?? 0, n));
        },
      ],
    },
    maxTokens: { enabled: false },
    // With introspection off, "Did you mean …?" would still spell out the schema field by field.
    blockFieldSuggestion: { enabled: config.env === 'production' },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    plugins,
    validationRules,
    parseOptions: { maxTokens: limits.tokens },
    costOf: (document: DocumentNode) => Math.max(MIN_COST, Math.ceil(costs.get(document) ?? 0)),
  };
}
