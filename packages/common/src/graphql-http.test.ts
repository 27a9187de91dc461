import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ApolloServer, type GraphQLRequestContext } from '@apollo/server';
import DataLoader from 'dataloader';
import { buildSchema } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledExecution } from './compiled-execution';
import { byteSize, releaseRequestContexts } from './graphql-http';
import { createHttpApp, listen, type RunningServer } from './http';

/** `/graphql` over real HTTP: the bodies clients send, plain and otherwise, and the ones they should not. */
describe('GraphQL over HTTP', () => {
  const apollo = new ApolloServer<{ client: string }>({
    schema: buildSchema('type Query { echo(text: String!): String, client: String }'),
    rootValue: { echo: ({ text }: { text: string }) => text, client: (_: unknown, context: { client: string }) => context.client },
  });
  let http: RunningServer;
  beforeAll(async () => {
    await apollo.start();
    const logger = pino({ level: 'silent' });
    const app = createHttpApp({ apollo, context: async ({ req }) => ({ client: req.headers['user-agent'] ?? '' }), ready: async () => {}, logger, bodyLimit: '1kb' });
    http = await listen(app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await http?.close();
    await apollo.stop();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${http.url}/graphql`, { method: 'POST', headers, body });
  const echo = (text: string) => JSON.stringify({ query: 'query ($text: String!) { echo(text: $text) }', variables: { text } });

  it('answers a plain JSON POST, in whichever spelling of its content type, with the context built from the request', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
      const res = await post(echo('grüezi ⛰'), { 'content-type': type, 'user-agent': 'clmb-app/1.0' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ data: { echo: 'grüezi ⛰' } });
    }
    const res = await post(JSON.stringify({ query: '{ client }' }), { 'content-type': 'application/json', 'user-agent': 'clmb-app/1.0' });
    expect(await res.json()).toEqual({ data: { client: 'clmb-app/1.0' } });
  });

  it('answers a compressed body the same as a plain one, and a GET from its query string', async () => {
    const res = await post(gzipSync(echo('zipped')), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(await res.json()).toEqual({ data: { echo: 'zipped' } });
    const get = await fetch(`${http.url}/graphql?query=${encodeURIComponent('{ echo(text: "got") }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual({ data: { echo: 'got' } });
  });

  it('refuses a body past the limit with 413, announced or streamed, and the connection still serves', async () => {
    const big = echo('x'.repeat(2_000));
    const announced = await post(big);
    expect(announced.status).toBe(413);
    expect(await announced.json()).toEqual({ errors: [{ message: 'The request body is larger than 1kb.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    // Chunked, with no Content-Length: the limit is found while reading.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 500) req.write(big.slice(i, i + 500));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await (await post(echo('after'))).json()).toEqual({ data: { echo: 'after' } });
  });

  it('answers a body that is not a JSON object with 400 BAD_REQUEST, never a 500', async () => {
    for (const body of ['{"query": ', 'null', '"{ echo }"', '42']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toMatch(/BAD_REQUEST/);
  });

  it('reads sizes as BODY_LIMIT writes them', () => {
    expect([byteSize('512b'), byteSize('100kb'), byteSize('10mb')]).toEqual([512, 102_400, 10_485_760]);
  });
});

/** A gateway's executor (the subgraphs' compiled execution, the router's) is where a finished request's graph was kept alive. */
describe('a request once answered', () => {
  interface Names {
    loaders: { names: DataLoader<string, string> };
  }
  const batches: string[][] = [];
  let seen: GraphQLRequestContext<Names> | undefined;
  const schema = buildSchema('type Query { name(id: ID!): String }');
  const resolverContexts: Names[] = [];
  schema.getQueryType()!.getFields()['name']!.resolve = (_: unknown, { id }: { id: string }, context: Names) => {
    resolverContexts.push(context);
    return context.loaders.names.load(id);
  };
  const apollo = new ApolloServer<Names>({
    gateway: compiledExecution(schema),
    plugins: [
      releaseRequestContexts(),
      {
        async requestDidStart(requestContext) {
          seen = requestContext;
        },
      },
    ],
  });
  let http: RunningServer;
  beforeAll(async () => {
    await apollo.start();
    const context = async (): Promise<Names> => {
      const names = new DataLoader<string, string>(async (ids) => {
        batches.push([...ids]);
        return ids.map((id) => `climber ${id}`);
      });
      return { loaders: { names } };
    };
    http = await listen(createHttpApp({ apollo, context, ready: async () => {}, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
  });
  afterAll(async () => {
    await http?.close();
    await apollo.stop();
  });

  it('lets go of its answer, its variables and its context, and leaves the resolvers’ context usable', async () => {
    const body = JSON.stringify({ query: 'query ($id: ID!) { name(id: $id) }', variables: { id: '7' } });
    const res = await fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await res.json()).toEqual({ data: { name: 'climber 7' } });
    expect(seen?.response.body).toBeUndefined();
    expect(seen?.request.variables).toBeUndefined();
    expect(seen?.request.http?.body).toBeUndefined();
    // Apollo's copy of the context is emptied; the resolvers' own, which work the request left running holds, is whole.
    expect(seen?.contextValue.loaders).toBeUndefined();
    expect(await resolverContexts[0]!.loaders.names.load('8')).toBe('climber 8');
    expect(batches).toEqual([['7'], ['8']]);
  });
});
