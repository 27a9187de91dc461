import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../src/service';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { op, send } from './raw-request';
import { startSupergraph, type Supergraph } from './supergraph';

const repeat = (n: number, part: (i: number) => string) => Array.from({ length: n }, (_, i) => part(i)).join(' ');

/** The app's logbook (as in journey.e2e.ts) at the largest page: the limits must let it through. */
const LOGBOOK = /* GraphQL */ `query Logbook {
  me {
    username
    stats { sessionCount climbCount sendCount totalDuration }
    sessions(first: 100) {
      totalCount
      pageInfo { hasNextPage }
      edges { node {
        name startTime endTime duration mood
        gym { name city gradeSystem { name } }
        climbs { attempts sent style route { colour name grade { value difficultyOrder } gym { slug } } }
      } }
    }
  }
}`;

describe('hostile clients at the router', () => {
  let sg: Supergraph;
  let users: FaultProxy;
  let production: Router;
  let climber: string;
  let gymId: string;

  beforeAll(async () => {
    // The router reaches users through a proxy, only to read the headers it forwards.
    sg = await startSupergraph({
      routerUrls: async (urls) => {
        users = await startFaultProxy(urls.users);
        return { ...urls, users: users.url };
      },
    });
    production = await sg.startExtraRouter({ NODE_ENV: 'production' });
    const admin = (await sg.build.logIn('admin@clmb.dev')).accessToken;
    gymId = (await sg.build.gymWithRoutes(admin, { slug: 'hostile', routeCount: 1 })).gymId;
    climber = (await sg.build.user({ username: 'mallory' })).accessToken;
  });
  afterAll(async () => {
    await production?.stop();
    await sg?.stop();
    await users?.close();
  });

  // Each: what the client sends, the status and code it gets back, and the words of the message.
  const battery: [string, () => string, number, string, RegExp][] = [
    ['deep nesting', () => op(`{ me { sessions { edges { node { climbs { session { climbs { session { climbs { session { id } } } } } } } } } } }`), 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 10/],
    ['an alias bomb', () => op(`{ ${repeat(100, (i) => `a${i}: gradeSystems { name }`)} }`), 400, 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15/],
    ['a directive flood', () => op(`{ ${repeat(30, () => '... @include(if: true) { __typename }')} }`), 400, 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 20/],
    ['a huge token count', () => op(`{ gradeSystems { ${repeat(1500, () => 'name')} } }`), 400, 'GRAPHQL_PARSE_FAILED', /1000 tokens/],
    // Every session's user's sessions with their climbs: 100 × 100 × 200 climbs, within the depth limit.
    ['an expensive query', () => op(`{ me { sessions(first: 100) { edges { node { user { sessions(first: 100) { edges { node { climbs { id } } } } } } } } } }`), 400, 'COST_ESTIMATED_TOO_EXPENSIVE', /estimated cost 2020806 is over the limit of 100000/],
    ['an oversized body', () => op('{ gradeSystems { name } }', { pad: 'x'.repeat(200_000) }), 413, 'PAYLOAD_TOO_LARGE', /larger than 100kb/],
    ['a batch', () => JSON.stringify([{ query: '{ gradeSystems { name } }' }, { query: '{ gradeSystems { name } }' }]), 400, 'BAD_REQUEST', /batch/i],
    ['invalid JSON', () => '{"query": "{ gradeSystems { name } }"', 400, 'BAD_REQUEST', /not valid JSON/],
    ['an empty body', () => '', 400, 'BAD_REQUEST', /POST body/],
    ['a query that is not a string', () => JSON.stringify({ query: { gradeSystems: true } }), 400, 'BAD_REQUEST', /string/],
    ['syntax garbage', () => op('{ gradeSystems { name }'), 400, 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ['an unknown field', () => op('{ gradeSystems { password } }'), 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field/],
    ['a variable of the wrong type', () => op('query ($id: ID!) { gym(id: $id) { id } }', { id: { $ne: null } }), 400, 'BAD_USER_INPUT', /\$id/],
    ['a page size of the wrong type', () => op('query ($n: Int) { gyms(first: $n) { totalCount } }', { n: 'all' }), 400, 'BAD_USER_INPUT', /\$n/],
    ['a missing variable', () => op('query ($id: ID!) { gym(id: $id) { id } }'), 400, 'BAD_USER_INPUT', /\$id/],
  ];

  it.each(battery)('refuses %s with a code, never a 500', async (_name, body, status, code, message) => {
    const answer = await send(sg.url, body());
    expect({ status: answer.status, code: answer.code }).toEqual({ status, code });
    expect(answer.message).toMatch(message);
  });

  it('refuses wrong content types and a mutation over GET', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await send(sg.url, op('{ gradeSystems { name } }'), { 'content-type': type });
      expect({ type, status: answer.status, code: answer.code }).toEqual({ type, status: 400, code: 'BAD_REQUEST' });
    }
    const get = await send(`${sg.url}?query=${encodeURIComponent('mutation { logOut(input: { refreshToken: "x" }) }')}`, '', { 'apollo-require-preflight': '1' }, 'GET');
    expect({ status: get.status, code: get.code }).toEqual({ status: 405, code: 'BAD_REQUEST' });
  });

  it('answers a persisted query whose hash does not match its text as the client\'s error, in production too', async () => {
    const query = '{ gradeSystems { name } }';
    const persisted = (sha256Hash: string, version = 1) => JSON.stringify({ query, extensions: { persistedQuery: { version, sha256Hash } } });
    for (const url of [sg.url, `${production.url}/graphql`]) {
      const mismatch = await send(url, persisted('0'.repeat(64)));
      expect({ status: mismatch.status, code: mismatch.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_HASH_MISMATCH' });
      const version = await send(url, persisted(createHash('sha256').update(query).digest('hex'), 2));
      expect({ status: version.status, code: version.code }).toEqual({ status: 400, code: 'BAD_REQUEST' });
      const matching = await send(url, persisted(createHash('sha256').update(query).digest('hex')));
      expect({ status: matching.status, code: matching.code }).toEqual({ status: 200, code: undefined });
    }
  });

  it('measures the body limit after decompression: a gzip bomb is a 413', async () => {
    const bomb = gzipSync(op('{ gradeSystems { name } }', { pad: '0'.repeat(10_000_000) }));
    const answer = await send(sg.url, bomb, { 'content-encoding': 'gzip' });
    expect({ bytesSent: bomb.length < 20_000, status: answer.status, code: answer.code }).toEqual({ bytesSent: true, status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a huge string inside the limits with BAD_USER_INPUT naming the field', async () => {
    const res = await sg.request(/* GraphQL */ `mutation S($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId, name: 'x'.repeat(90_000) } }, climber);
    expect({ status: res.status, code: res.errors?.[0]?.extensions?.['code'], field: res.errors?.[0]?.extensions?.['field'] }).toEqual({ status: 200, code: 'BAD_USER_INPUT', field: 'input.name' });
  });

  it('allows introspection in development only, and hides field suggestions in production', async () => {
    const introspection = op(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
    expect((await send(sg.url, introspection)).status).toBe(200);
    const refused = await send(`${production.url}/graphql`, introspection);
    expect({ status: refused.status, code: refused.code }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect((await send(sg.url, op('{ gymz { totalCount } }'))).message).toMatch(/Did you mean/);
    expect((await send(`${production.url}/graphql`, op('{ gymz { totalCount } }'))).message).not.toMatch(/Did you mean/);
  });

  it('still serves after the battery: /health and the logbook', async () => {
    expect((await fetch(`${sg.baseUrl}/health`)).status).toBe(200);
    const res = await sg.request(LOGBOOK, {}, climber);
    expect(res).toEqual({
      status: 200,
      data: {
        me: {
          username: 'mallory',
          stats: { sessionCount: 0, climbCount: 0, sendCount: 0, totalDuration: 'PT0S' },
          sessions: { totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] },
        },
      },
    });
  });
});

describe('request ids and client addresses at the router', () => {
  let sg: Supergraph;
  let users: FaultProxy;
  const ME = op('{ me { id } }');
  const lastHeader = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(users.lastHead)?.[1];

  beforeAll(async () => {
    sg = await startSupergraph({
      routerUrls: async (urls) => {
        users = await startFaultProxy(urls.users);
        return { ...urls, users: users.url };
      },
    });
  });
  afterAll(async () => {
    await sg?.stop();
    await users?.close();
  });

  it('gives every request an id, keeps a well-formed one, forwards it to the subgraphs', async () => {
    const generated = await send(sg.url, ME, { origin: 'https://app.example' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // A browser app may read it, to show it in an error report.
    expect(generated.headers.get('access-control-expose-headers')).toBe('x-request-id');
    const kept = await send(sg.url, ME, { 'x-request-id': 'app-42.retry_1' });
    expect(kept.headers.get('x-request-id')).toBe('app-42.retry_1');
    expect(lastHeader('x-request-id')).toBe('app-42.retry_1');
    for (const bad of ['has spaces', 'x'.repeat(129), 'caf\u00e9', '<script>']) {
      const replaced = await send(sg.url, ME, { 'x-request-id': bad });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('forwards the address it saw, not one the client claims, unless TRUST_PROXY says so', async () => {
    await send(sg.url, ME, { 'x-forwarded-for': '203.0.113.7' });
    expect(lastHeader('x-forwarded-for')).toBe('127.0.0.1');
    const behindProxy = await sg.startExtraRouter({ TRUST_PROXY: 'loopback' });
    try {
      await send(`${behindProxy.url}/graphql`, ME, { 'x-forwarded-for': '203.0.113.7' });
      expect(lastHeader('x-forwarded-for')).toBe('203.0.113.7');
    } finally {
      await behindProxy.stop();
    }
  });

  it('masks an internal failure and hands out the request id it was logged with', async () => {
    // A router with the wrong subgraph secret: every subgraph refuses it, a fault on our side.
    const misconfigured = await sg.startExtraRouter({ SUBGRAPH_SECRET: 'w'.repeat(40) });
    try {
      const res = await fetch(`${misconfigured.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ME });
      const requestId = res.headers.get('x-request-id');
      expect(await res.json()).toEqual({
        data: { me: null },
        errors: [{ message: 'Internal server error.', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
      });
    } finally {
      await misconfigured.stop();
    }
  });
});
