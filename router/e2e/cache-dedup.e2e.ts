import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metric, seedGym, tokenOf } from './cache-helpers';
import { type Gate, startGate, until } from './gate';
import { startSupergraph, type Supergraph } from './supergraph';

const shared = 'clmb_router_subgraph_requests_shared_total{subgraph="gyms"}';
// `me` keeps the response out of the response cache, so each request reaches the data sources.
const GYM = /* GraphQL */ `query Gym($id: ID!) { gym(id: $id) { name routes { colour } } me { username } }`;

/**
 * In-flight deduplication: identical subgraph requests that wait at the same moment are sent once
 * and share the answer; never across identities, never for mutations. A gate in front of the gyms
 * subgraph holds requests until every client's request has reached the router.
 */
describe('identical subgraph requests in flight', () => {
  let sg: Supergraph;
  let gate: Gate;
  let gymId: string;
  let tokens: { admin: string; climber: string };

  beforeAll(async () => {
    sg = await startSupergraph({
      routerUrls: async (urls) => {
        gate = await startGate(urls.gyms);
        return { ...urls, gyms: gate.url };
      },
    });
    tokens = { admin: await tokenOf(sg.url, 'admin@clmb.dev'), climber: await tokenOf(sg.url, 'climber@clmb.dev') };
    ({ gymId } = await seedGym(sg, tokens.admin, 'dedup'));
  });
  afterAll(async () => {
    await sg?.stop();
    await gate?.stop();
  });

  it('are sent once for five anonymous clients, and all five get the answer', async () => {
    const before = { calls: gate.bodies.length, shared: await metric(sg.baseUrl, shared) };
    gate.close();
    const answers = Array.from({ length: 5 }, () => sg.request(GYM, { id: gymId }));
    await until(async () => (await metric(sg.baseUrl, shared)) === before.shared + 4);
    gate.open();
    const expected = { status: 200, data: { gym: { name: 'Gym dedup', routes: [{ colour: 'green' }] }, me: null } };
    expect(await Promise.all(answers)).toEqual(Array(5).fill(expected));
    expect(gate.bodies.length - before.calls).toBe(1);
  });

  it('are sent once per identity: two users and an anonymous client never share', async () => {
    const before = { calls: gate.bodies.length, shared: await metric(sg.baseUrl, shared) };
    gate.close();
    const answers = [sg.request(GYM, { id: gymId }, tokens.admin), sg.request(GYM, { id: gymId }, tokens.climber), sg.request(GYM, { id: gymId })];
    await until(() => gate.bodies.length - before.calls === 3);
    gate.open();
    expect((await Promise.all(answers)).map((a) => a.data)).toEqual([
      { gym: { name: 'Gym dedup', routes: [{ colour: 'green' }] }, me: { username: 'admin' } },
      { gym: { name: 'Gym dedup', routes: [{ colour: 'green' }] }, me: { username: 'climber' } },
      { gym: { name: 'Gym dedup', routes: [{ colour: 'green' }] }, me: null },
    ]);
    expect(await metric(sg.baseUrl, shared)).toBe(before.shared);
  });

  it('never merges mutations, even identical ones', async () => {
    const before = gate.bodies.length;
    const UPDATE = /* GraphQL */ `mutation($input: UpdateGymInput!) { updateGym(input: $input) { id } }`;
    gate.close();
    const answers = [1, 2].map(() => sg.request(UPDATE, { input: { id: gymId, phone: '+44 113 000' } }, tokens.admin));
    await until(() => gate.bodies.length - before === 2);
    gate.open();
    expect((await Promise.all(answers)).map((a) => a.errors)).toEqual([undefined, undefined]);
  });
});
