/**
 * The Guild's Hive Gateway (its runtime, as `@graphql-hive/gateway` embeds it) on the same
 * supergraph and subgraphs, with its defaults, forwarding the same two headers as the stock
 * gateway. Run by the bench from its bundle, with plain `node`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const secret = env('SUBGRAPH_SECRET');

const gateway = createGatewayRuntime({
  supergraph: readFileSync(env('SUPERGRAPH_PATH'), 'utf8'),
  transportEntries: { users: { location: env('USERS_URL') }, gyms: { location: env('GYMS_URL') } },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization'),
      'x-clmb-subgraph-secret': secret,
    }),
  },
  logging: 'error',
});
createServer(gateway).listen(Number(env('PORT')), '127.0.0.1', () => console.log('hive gateway listening'));
