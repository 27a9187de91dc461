import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { compiledExecution, type Logger, subgraphApolloOptions } from '@clmb/common';
import { parse } from 'graphql';
import { cacheTagsPlugin } from './cache/plugin';
import { tagResolvers } from './cache/tagged-schema';
import type { Config } from './config';
import type { Context } from './context';
import { resolvers } from './resolvers';

const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/**
 * The subgraph schema: SDL plus resolvers, with federation's `_entities` and `_service`; the
 * resolvers the router's cache tags come from are wrapped to record them.
 */
const buildSchema = () => tagResolvers(buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]));

/** The Apollo server of the gyms subgraph; it never listens, service.ts mounts it. */
export function createApolloServer(env: Config['env'], logger: Logger): ApolloServer<Context> {
  const options = subgraphApolloOptions(env, logger);
  return new ApolloServer<Context>({
    // The schema, executed as graphql-jit compiles each operation (see compiledExecution).
    gateway: compiledExecution(buildSchema()),
    ...options,
    plugins: [...options.plugins, cacheTagsPlugin],
  });
}
