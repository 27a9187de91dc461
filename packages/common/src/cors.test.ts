import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorsOptions, createHttpApp, listen, type RunningServer } from './http';

/** `/graphql` over real HTTP as a browser calls it from a web app's origin. */
describe.each<[string, CorsOptions]>([
  ['a list of origins', { origins: ['https://app.clmb.dev', 'http://localhost:5173'], maxAgeSeconds: 600 }],
  ['any origin (development)', { origins: '*', maxAgeSeconds: 600 }],
])('CORS with %s', (_name, cors) => {
  const apollo = new ApolloServer({ schema: buildSchema('type Query { ok: Boolean }'), rootValue: { ok: true } });
  let http: RunningServer;
  beforeAll(async () => {
    await apollo.start();
    const logger = pino({ level: 'silent' });
    http = await listen(createHttpApp({ apollo, context: async () => ({}), ready: async () => {}, logger, cors }), 0, '127.0.0.1');
  });
  afterAll(async () => {
    await http?.close();
    await apollo.stop();
  });

  const preflight = (origin: string) =>
    fetch(`${http.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
  const post = (origin: string) =>
    fetch(`${http.url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ ok }"}' });

  it('lets a configured origin in, and lets its browser cache the preflight', async () => {
    const res = await preflight('https://app.clmb.dev');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(cors.origins === '*' ? '*' : 'https://app.clmb.dev');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const answer = await post('https://app.clmb.dev');
    expect(answer.headers.get('access-control-allow-origin')).toBe(cors.origins === '*' ? '*' : 'https://app.clmb.dev');
    expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id');
  });

  it('gives an unlisted origin no CORS headers, so its browser refuses the answer (with * there is none unlisted)', async () => {
    for (const res of [await preflight('https://evil.example'), await post('https://evil.example')]) {
      expect(res.headers.get('access-control-allow-origin')).toBe(cors.origins === '*' ? '*' : null);
    }
  });
});
