import { randomBytes } from 'node:crypto';
import { graphql, startTcpProxy, type TcpProxy } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropKeys, metric, responseHits, seedGym, tokenOf } from './cache-helpers';
import { until } from './gate';
import { startSupergraph, type Supergraph } from './supergraph';

const REDIS = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const gymName = (slug: string) => /* GraphQL */ `{ gymBySlug(slug: "${slug}") { name routes { colour } } }`;
const GRADE_SYSTEMS = /* GraphQL */ `{ gradeSystems { name } }`;
type Router = { url: string; baseUrl: string };

/** Asks until `router` serves `query` from its response cache: it is connected and agrees on the generation. */
async function cachedOn(router: Router, query: string) {
  await until(async () => {
    const before = await metric(router.baseUrl, responseHits);
    await graphql(router.url, query);
    return (await metric(router.baseUrl, responseHits)) > before;
  });
}

/**
 * With REDIS_URL, every router replica shares the caches and their invalidation: here one router
 * in the test process and one as a separate OS process, on a key prefix of their own.
 */
describe('caches shared through Redis', () => {
  const prefix = `clmb:test:${randomBytes(4).toString('hex')}:`;
  let sg: Supergraph;
  let other: Awaited<ReturnType<Supergraph['startRouterProcess']>>;
  let b: Router;
  let admin: string;
  let gymId: string;

  beforeAll(async () => {
    sg = await startSupergraph({ routerEnv: { CACHE_ENABLED: 'true', REDIS_URL: REDIS, CACHE_KEY_PREFIX: prefix } });
    other = await sg.startRouterProcess({ REDIS_URL: REDIS, CACHE_KEY_PREFIX: prefix });
    b = other;
    admin = await tokenOf(sg.url, 'admin@clmb.dev');
    ({ gymId } = await seedGym(sg, admin, 'shared'));
    await cachedOn(b, gymName('shared'));
  }, 90_000);
  afterAll(async () => {
    await other?.stop();
    await sg?.stop();
    await dropKeys(REDIS, prefix);
  });

  it('serves on one replica what another one stored', async () => {
    const query = `{ gradeSystems { name } gym(id: "${gymId}") { slug } }`;
    const first = await graphql(sg.url, query);
    const hits = await metric(b.baseUrl, responseHits);
    expect(await graphql(b.url, query)).toEqual(first);
    expect(await metric(b.baseUrl, responseHits)).toBe(hits + 1);
  });

  it("shows a write through one replica on the other, and keeps the other's entries of another gym", async () => {
    await seedGym(sg, admin, 'shared-other');
    await cachedOn(b, gymName('shared-other'));
    await cachedOn(b, gymName('shared'));
    const renamed = await sg.request(/* GraphQL */ `mutation($input: UpdateGymInput!) { updateGym(input: $input) { name } }`, { input: { id: gymId, name: 'Shared, renamed' } }, admin);
    expect(renamed.errors).toBeUndefined();
    await until(async () => (await graphql(b.url, gymName('shared'))).data?.['gymBySlug'].name === 'Shared, renamed');
    expect((await graphql(sg.url, gymName('shared'))).data).toEqual({ gymBySlug: { name: 'Shared, renamed', routes: [{ colour: 'yellow' }] } });
    const hits = await metric(b.baseUrl, responseHits);
    expect((await graphql(b.url, gymName('shared-other'))).data).toEqual({ gymBySlug: { name: 'Gym shared-other', routes: [{ colour: 'yellow' }] } });
    expect(await metric(b.baseUrl, responseHits)).toBe(hits + 1);
  });
});

describe('a router whose Redis goes away', () => {
  const prefix = `clmb:test:${randomBytes(4).toString('hex')}:`;
  let sg: Supergraph;
  let proxy: TcpProxy;
  let admin: string;

  beforeAll(async () => {
    proxy = await startTcpProxy('127.0.0.1', Number(new URL(REDIS).port || 6379));
    sg = await startSupergraph({ routerEnv: { CACHE_ENABLED: 'true', REDIS_URL: `redis://127.0.0.1:${proxy.port}`, CACHE_KEY_PREFIX: prefix } });
    admin = await tokenOf(sg.url, 'admin@clmb.dev');
    await seedGym(sg, admin, 'fragile');
    await cachedOn(sg, gymName('fragile'));
    await cachedOn(sg, GRADE_SYSTEMS);
  });
  afterAll(async () => {
    await sg?.stop();
    await proxy?.close();
    await dropKeys(REDIS, prefix);
  });

  it('keeps answering, uncached, and caches again once Redis is back', async () => {
    const before = await graphql(sg.url, gymName('fragile'));
    await proxy.cut();
    const hits = await metric(sg.baseUrl, responseHits);
    for (let i = 0; i < 3; i++) expect(await graphql(sg.url, gymName('fragile'))).toEqual(before);
    const logbook = await sg.request(/* GraphQL */ `{ me { username sessions(first: 1) { totalCount } } }`, {}, admin);
    expect(logbook).toMatchObject({ status: 200, data: { me: { username: 'admin' } } });
    expect(await metric(sg.baseUrl, responseHits)).toBe(hits);
    // A write while Redis is away is not lost on the caches once it is back.
    const created = await sg.request(/* GraphQL */ `mutation { createGradeSystem(input: { name: "Ewbank", discipline: ROPE, grades: [{ value: "20", difficultyOrder: 20, scale: 230 }] }) { name } }`, {}, admin);
    expect(created.errors).toBeUndefined();
    await proxy.restore();
    await cachedOn(sg, gymName('fragile'));
    expect((await graphql(sg.url, GRADE_SYSTEMS)).data?.['gradeSystems']).toContainEqual({ name: 'Ewbank' });
  });
});
