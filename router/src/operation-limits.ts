import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Config } from './config';

/**
 * Structural operation limits, checked once per document against the supergraph before any
 * subgraph is asked: depth, aliases and directives with GraphQL Armor's validation rules (a
 * rejection is a 400 GRAPHQL_VALIDATION_FAILED), tokens with graphql-js's own parser limit (a 400
 * GRAPHQL_PARSE_FAILED). Armor's token plugin is off because on Apollo Server 5 it throws from a
 * `parsingDidStart` hook, which Apollo answers with a 500; the parser's `maxTokens` stops reading
 * the document at the limit instead.
 *
 * Cost is not Armor's: its cost rule sees the document without its variables, so `first: $n`
 * counted as 1 (issue 17, finding 1). demand-control/ prices the operation with its variables from
 * the supergraph's `@cost`/`@listSize`. The shape limits stay: they are cheap, cached with the
 * document, and stop what a cost cannot see (a depth that makes planning expensive, a flood of
 * directives).
 */
export function operationLimits(config: Config) {
  const { limits } = config;
  const armor = new ApolloArmor({
    // Depth counts fields, not fragment spreads: the app's Logbook (fragments SessionDetails and
    // ClimbDetails) is as deep as the same query written inline.
    maxDepth: { n: limits.depth, flattenFragments: true },
    maxAliases: { n: limits.aliases },
    maxDirectives: { n: limits.directives },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    // With introspection off, "Did you mean …?" would still spell out the schema field by field.
    blockFieldSuggestion: { enabled: config.env === 'production' },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.tokens } };
}
