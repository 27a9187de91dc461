import { generateSigningKeys } from '@clmb/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { routerMetrics } from './metrics';
import { buildRouter } from './server';

describe('an operation name the document does not define', () => {
  let router: Awaited<ReturnType<typeof buildRouter>>;

  beforeAll(async () => {
    const { JWT_PUBLIC_KEY } = await generateSigningKeys();
    router = await buildRouter(loadConfig({ JWT_PUBLIC_KEY, NODE_ENV: 'test' }), pino({ level: 'silent' }), routerMetrics);
    await router.apollo.start();
  });
  afterAll(async () => {
    await router?.apollo.stop();
    await router?.release();
  });

  it('is a 400 the client can act on, not an internal error', async () => {
    const response = await router.apollo.executeOperation({ query: 'query Logbook { me { id } }', operationName: 'LogIn' });
    expect(response.http.status).toBe(400);
    expect(response.body).toEqual({
      kind: 'single',
      singleResult: { errors: [{ message: 'Unknown operation named "LogIn".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }] },
    });
  });

  it('and so is a document of several operations without a name', async () => {
    const response = await router.apollo.executeOperation({ query: 'query A { me { id } } query B { me { id } }' });
    expect(response.http.status).toBe(400);
    expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0]?.extensions?.['code']).toBe('OPERATION_RESOLUTION_FAILURE');
  });
});
