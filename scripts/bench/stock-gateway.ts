/**
 * The stock gateway, set up the way Apollo's docs set it up: `ApolloGateway({ supergraphSdl })`
 * in `startStandaloneServer`, with a RemoteGraphQLDataSource that forwards the client's
 * Authorization header and adds the subgraph secret. Nothing else: no token check (the subgraphs
 * verify tokens), no limits, no plugins. Run by the bench from its bundle, with plain `node`.
 * It gets the supergraph as the router hands it to the same gateway (`forGateway`): composed, it
 * links the access features for SECURITY, which @apollo/gateway refuses; it does not enforce them.
 * Hive Gateway loads the supergraph as composed (and enforces none of them without its auth plugin).
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { forGateway } from '@clmb/router/supergraph-source';

interface Context {
  authorization?: string;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const urls: Record<string, string> = { users: env('USERS_URL'), gyms: env('GYMS_URL') };
const secret = env('SUBGRAPH_SECRET');

class AuthenticatedDataSource extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): void {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set('x-clmb-subgraph-secret', secret);
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: forGateway(readFileSync(env('SUPERGRAPH_PATH'), 'utf8')),
  buildService: ({ name, url }) => new AuthenticatedDataSource({ url: urls[name] ?? url }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(env('PORT')), host: '127.0.0.1' },
  context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
});
console.log(`stock gateway at ${url}`);
