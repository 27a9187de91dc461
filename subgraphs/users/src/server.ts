import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { maskUnexpectedErrors, type Logger } from '@clmb/common';
import { parse } from 'graphql';
import type { Context } from './context';
import { resolvers } from './resolvers';

const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

const buildSchema = () =>
  buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap<Context> }]);

/** The users subgraph's Apollo server; it never listens (service.ts does). */
export function createApolloServer(options: { env: string; logger: Logger }): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema: buildSchema(),
    formatError: maskUnexpectedErrors(options.logger),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    introspection: options.env !== 'production',
    // Apollo's own messages (e.g. about inline tracing) go to the JSON log, not to the console.
    logger: options.logger,
  });
}
