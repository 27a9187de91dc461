import { graphql } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './gate';
import { startSupergraph, type Supergraph } from './supergraph';

const WARNING = 'forwarded headers (X-Forwarded-For or Forwarded) arrive while TRUST_PROXY is off';

/**
 * A router behind a proxy it was not told about sees every client at the proxy's address (issue
 * 17, finding 10): it says so, once, when forwarded headers arrive while TRUST_PROXY is off.
 */
describe('forwarded headers while TRUST_PROXY is off', () => {
  let sg: Supergraph;
  let router: Awaited<ReturnType<Supergraph['startRouterProcess']>>;
  let url: string;
  const warnings = () => router.process.output.join('').split('\n').filter((line) => line.includes(WARNING));

  beforeAll(async () => {
    sg = await startSupergraph();
    router = await sg.startRouterProcess();
    url = router.baseUrl;
  }, 90_000);
  afterAll(async () => {
    await router?.stop();
    await sg?.stop();
  });

  it('warns once, naming TRUST_PROXY, however many such requests come', async () => {
    await graphql(`${url}/graphql`, '{ __typename }');
    await graphql(`${url}/graphql`, '{ __typename }', {}, undefined, { 'x-forwarded-for': '203.0.113.7' });
    await graphql(`${url}/graphql`, '{ __typename }', {}, undefined, { forwarded: 'for=198.51.100.7' });
    await graphql(`${url}/graphql`, '{ __typename }', {}, undefined, { 'x-forwarded-for': '203.0.113.8' });
    await until(async () => warnings().length > 0);
    expect(warnings()).toHaveLength(1);
    expect(JSON.parse(warnings()[0]!)).toMatchObject({ level: 40, peer: expect.stringContaining('127.0.0.1') });
  });
});
