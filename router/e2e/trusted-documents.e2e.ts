import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builders, gqlAt } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../src/service';
import { op, send } from './raw-request';
import { startSupergraph, type Supergraph } from './supergraph';

const manifest = JSON.parse(readFileSync(new URL('../../schema/persisted-query-manifest.json', import.meta.url), 'utf8')) as {
  operations: { id: string; name: string; body: string }[];
};
const gradeSystems = manifest.operations.find((o) => o.name === 'GradeSystems')!;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A request by id only, as Apollo Client's persisted query link sends it. */
const byId = (sha256Hash: string, operationName?: string) => JSON.stringify({ operationName, extensions: { persistedQuery: { version: 1, sha256Hash } } });
/** An automatic persisted query's registration: the id with the text. */
const registration = (query: string) => JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
const answerOf = async (url: string, body: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { data?: { gradeSystems?: unknown[] }; errors?: { extensions?: { code?: string } }[] } };
};
const FREE_FORM = '{ gradeSystems { id name } }';

describe('trusted documents at the router', () => {
  let sg: Supergraph;
  let allow: Router;
  let off: Router;
  beforeAll(async () => {
    sg = await startSupergraph({ routerEnv: { TRUSTED_DOCUMENTS: 'require' } });
    allow = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'allow' });
    off = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'off' });
    // Fixtures go through the `allow` router: the test kit's builders send free-form operations.
    const build = builders(gqlAt(`${allow.url}/graphql`));
    await build.gradeSystem((await build.logIn('admin@clmb.dev')).accessToken, { name: 'Font' });
  });
  afterAll(async () => {
    await allow?.stop();
    await off?.stop();
    await sg?.stop();
  });

  describe('require', () => {
    it('refuses a free-form query with PERSISTED_QUERY_ID_REQUIRED (400) before parsing, planning or any subgraph call', async () => {
      const statements = sg.statements.gyms.length;
      for (const query of [FREE_FORM, '{ notAField }', 'not even GraphQL']) {
        const answer = await send(sg.url, op(query));
        expect({ query, status: answer.status, code: answer.code }).toEqual({ query, status: 400, code: 'PERSISTED_QUERY_ID_REQUIRED' });
      }
      const get = await send(`${sg.url}?query=${encodeURIComponent(FREE_FORM)}`, '', { 'apollo-require-preflight': '1' }, 'GET');
      expect({ status: get.status, code: get.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_ID_REQUIRED' });
      expect(sg.statements.gyms.length).toBe(statements);
    });

    it('refuses the full text of a manifest operation too: only its id is accepted', async () => {
      const answer = await send(sg.url, op(gradeSystems.body));
      expect({ status: answer.status, code: answer.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_ID_REQUIRED' });
    });

    it('serves a manifest operation sent by id, over POST and GET', async () => {
      const post = await answerOf(sg.url, byId(gradeSystems.id, 'GradeSystems'));
      expect({ status: post.status, errors: post.body.errors, systems: post.body.data?.gradeSystems?.length }).toEqual({ status: 200, errors: undefined, systems: 1 });
      const params = new URLSearchParams({ operationName: 'GradeSystems', extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: gradeSystems.id } }) });
      const get = await fetch(`${sg.url}?${params}`, { headers: { 'apollo-require-preflight': '1' } });
      expect({ status: get.status, body: await get.json() }).toEqual({ status: 200, body: post.body });
    });

    it('refuses an unknown id with PERSISTED_QUERY_NOT_IN_LIST (400)', async () => {
      const answer = await send(sg.url, byId(sha256(FREE_FORM)));
      expect({ status: answer.status, code: answer.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' });
      const malformed = await send(sg.url, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 42 } } }));
      expect({ status: malformed.status, code: malformed.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_ID_REQUIRED' });
    });

    it('refuses a query text not in the list sent with its id (an automatic persisted query), and does not keep it', async () => {
      const answer = await send(sg.url, registration(FREE_FORM));
      expect({ status: answer.status, code: answer.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_ID_REQUIRED' });
      const again = await send(sg.url, byId(sha256(FREE_FORM)));
      expect({ status: again.status, code: again.code }).toEqual({ status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    });
  });

  describe('allow', () => {
    it('serves manifest ids, free-form queries and automatic persisted queries', async () => {
      const url = `${allow.url}/graphql`;
      const { body } = await answerOf(url, byId(gradeSystems.id, 'GradeSystems'));
      expect({ errors: body.errors, systems: body.data?.gradeSystems?.length }).toEqual({ errors: undefined, systems: 1 });
      expect((await answerOf(url, op(FREE_FORM))).body.data?.gradeSystems).toHaveLength(1);
      const unknown = await send(url, byId(sha256(FREE_FORM)));
      expect({ status: unknown.status, code: unknown.code }).toEqual({ status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' });
      expect((await send(url, registration(FREE_FORM))).code).toBeUndefined();
      expect((await answerOf(url, byId(sha256(FREE_FORM)))).body.data?.gradeSystems).toHaveLength(1);
    });
  });

  describe('off', () => {
    it('knows no manifest: an id is an automatic persisted query like any other', async () => {
      const url = `${off.url}/graphql`;
      const unknown = await send(url, byId(gradeSystems.id, 'GradeSystems'));
      expect({ status: unknown.status, code: unknown.code }).toEqual({ status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' });
      expect((await answerOf(url, op(FREE_FORM))).body.data?.gradeSystems).toHaveLength(1);
    });
  });

  it('require: the rate limit charges operations sent by id, and refuses a waiting client before Apollo again', async () => {
    // GradeSystems costs 1,020: one fits the budget, two do not.
    const limited = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'require', MAX_QUERY_COST: '1500', RATE_LIMIT_BURST: '1500', RATE_LIMIT_POINTS_PER_SECOND: '1' });
    const url = `${limited.url}/graphql`;
    /** TOO_MANY_REQUESTS errors answered by Apollo's pipeline (the early refusal counts none). */
    const pipelineRefusals = async () =>
      (await (await fetch(`${limited.url}/metrics`)).text())
        .split('\n')
        .filter((line) => line.startsWith('graphql_errors_total{') && line.includes('code="TOO_MANY_REQUESTS"'))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    try {
      let answer = await send(url, byId(gradeSystems.id, 'GradeSystems'));
      for (let i = 0; i < 100 && answer.status === 200; i++) answer = await send(url, byId(gradeSystems.id, 'GradeSystems'));
      expect({ status: answer.status, code: answer.code }).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS' });
      const before = await pipelineRefusals();
      const again = await send(url, byId(gradeSystems.id, 'GradeSystems'));
      expect({ status: again.status, code: again.code, pipeline: await pipelineRefusals() }).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS', pipeline: before });
    } finally {
      await limited.stop();
    }
  });
});
