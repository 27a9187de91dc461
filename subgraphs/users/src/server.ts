import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { compiledExecution, type Logger, subgraphApolloOptions } from '@clmb/common';
import { parse } from 'graphql';
import type { Config } from './config';
import type { Context } from './context';
import { resolvers } from './resolvers';

const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const buildSchema = () =>
  buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]);

/** The users subgraph's Apollo server; it never listens (service.ts does). */
export function createApolloServer(env: Config['env'], logger: Logger): ApolloServer<Context> {
  return new ApolloServer<Context>({
    // The schema, executed as graphql-jit compiles each operation (see compiledExecution).
    gateway: compiledExecution(buildSchema()),
    ...subgraphApolloOptions(env, logger),
  });
}
