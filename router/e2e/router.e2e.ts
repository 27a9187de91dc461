import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_SECRET_HEADER } from '@clmb/common';
import { graphql } from '@clmb/testkit';
import { startSupergraph, type Supergraph } from './supergraph';

describe('the router as an HTTP service', () => {
  let sg: Supergraph;
  beforeAll(async () => {
    sg = await startSupergraph();
  });
  afterAll(() => sg?.stop());

  it('reports live on /health and ready on /ready while both subgraphs answer', async () => {
    expect(await (await fetch(`${sg.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${sg.baseUrl}/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('serves the Apollo Sandbox landing page to a browser in development', async () => {
    const page = await fetch(sg.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('embeddable-sandbox');
  });

  it('answers a query planned across both subgraphs', async () => {
    const res = await sg.request(/* GraphQL */ `query GradeSystems { gradeSystems { name } me { id } }`);
    expect(res).toEqual({ status: 200, data: { gradeSystems: [], me: null } });
  });

  it('subgraphs refuse requests that do not come from the router', async () => {
    const query = /* GraphQL */ `query { _service { sdl } }`;
    for (const service of [sg.services.users, sg.services.gyms]) {
      const url = `${service.url}/graphql`;
      for (const headers of [{}, { [SUBGRAPH_SECRET_HEADER]: 'not the secret' }] as Record<string, string>[]) {
        const res = await graphql(url, query, {}, undefined, headers);
        expect({ status: res.status, errors: res.errors }).toEqual({
          status: 403,
          errors: [{ message: 'This service only answers the clmb router.', extensions: { code: 'FORBIDDEN' } }],
        });
      }
      const withSecret = await graphql(url, query, {}, undefined, { [SUBGRAPH_SECRET_HEADER]: sg.subgraphSecret });
      expect(withSecret.status).toBe(200);
      // Probes stay open: the kubelet has no secret.
      expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    }
  });

  it('is not ready while a subgraph is down', async () => {
    await sg.services.gyms.stop();
    const ready = await fetch(`${sg.baseUrl}/ready`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${sg.baseUrl}/health`)).status).toBe(200);
  });
});
