import { ApolloServer } from '@apollo/server';
import { createHttpApp, listen, maskUnexpectedErrors } from '@clmb/common';
import { buildSchema } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The router's error masking over real HTTP, with the log captured: a failure's cause (SQL, a
 * host) reaches the log next to the request id, and the client gets only the code and that id.
 */
describe('masked internal errors', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const masking = maskUnexpectedErrors(logger, { exposeRequestId: true });
  const apollo = new ApolloServer({
    schema: buildSchema('type Query { boom: Int }'),
    rootValue: {
      boom: () => {
        throw new Error('relation "users.secrets" does not exist (db.internal:5432)');
      },
    },
    formatError: masking.formatError,
    plugins: [masking.plugin],
    includeStacktraceInErrorResponses: false,
  });
  let http: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    await apollo.start();
    const context = async ({ req }: { req: { headers: Record<string, unknown> } }) => {
      if (req.headers['x-test-context'] === 'fail') throw new Error('token revocations unreadable (users.internal:4001)');
      return {};
    };
    http = await listen(createHttpApp({ apollo, context, ready: async () => {}, logger }), 0, '127.0.0.1');
  });
  afterAll(async () => {
    await http?.close();
    await apollo.stop();
  });

  const boom = (headers: Record<string, string> = {}) =>
    fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"{ boom }"}' });

  it('answers the code and the request id, and logs the cause with the same id', async () => {
    const res = await boom();
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({
      data: { boom: null },
      errors: [{ message: 'Internal server error.', path: ['boom'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
    });
    const logged = lines.find((line) => line['msg'] === 'unexpected error' && line['requestId'] === requestId);
    expect(logged?.['err']).toMatchObject({ message: expect.stringContaining('db.internal:5432') });
  });

  it("keeps the caller's well-formed request id, e.g. the router's when a subgraph is called", async () => {
    const res = await boom({ 'x-request-id': 'router-7f3a' });
    expect(res.headers.get('x-request-id')).toBe('router-7f3a');
    expect(((await res.json()) as { errors: { extensions: { requestId: string } }[] }).errors[0]!.extensions.requestId).toBe('router-7f3a');
  });

  it('answers a failing context function with the code and the request id too, and logs the cause with it', async () => {
    const res = await boom({ 'x-test-context': 'fail' });
    const requestId = res.headers.get('x-request-id');
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 500,
      body: { errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] },
    });
    const logged = lines.find((line) => line['msg'] === 'unexpected error' && line['requestId'] === requestId);
    expect(logged?.['err']).toMatchObject({ message: expect.stringContaining('users.internal:4001') });
  });
});
