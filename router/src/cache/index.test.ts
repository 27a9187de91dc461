import { readFileSync } from 'node:fs';
import { createLogger } from '@clmb/common';
import { describe, expect, it } from 'vitest';
import { routerMetrics } from '../metrics';
import { createRouterCache } from '.';

const supergraphSdl = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const UPDATE = 'mutation($input:UpdateRouteInput!){updateRoute(input:$input){id}}';
const count = async (counter: { get(): Promise<{ values: { value: number }[] }> }) => (await counter.get()).values[0]?.value ?? 0;

/** The router's answer to a gyms mutation: its declared tags, else a new generation, unless it changed nothing. */
describe('invalidation after a gyms mutation', () => {
  const cache = createRouterCache(
    { enabled: true, keyPrefix: 'test:', maxTtlSeconds: 300, memoryBytes: 1_000_000 },
    { supergraphSdl, redis: undefined, metrics: routerMetrics, logger: createLogger('router', 'silent') },
  );
  const onMutation = cache?.forSubgraph('gyms').onMutation;
  const after = async (response: Parameters<NonNullable<typeof onMutation>>[1]) => {
    const [generations, tags] = [await count(routerMetrics.invalidations), await count(routerMetrics.tagInvalidations)];
    await onMutation?.(UPDATE, response);
    return { generations: (await count(routerMetrics.invalidations)) - generations, tags: (await count(routerMetrics.tagInvalidations)) - tags };
  };
  const declared = { kind: 'entity', subgraph: 'gyms', type: 'Route', key: { id: 'r1' } };

  it.each<[string, Parameters<typeof after>[0], { generations: number; tags: number }]>([
    ['declared entities move their tags only', { data: { updateRoute: { id: 'r1' } }, extensions: { invalidation: [declared] } }, { generations: 0, tags: 1 }],
    ['a change without a declaration starts a new generation', { data: { updateRoute: { id: 'r1' } } }, { generations: 1, tags: 0 }],
    ['a declaration of the whole subgraph starts a new generation', { data: { updateRoute: { id: 'r1' } }, extensions: { invalidation: [{ kind: 'subgraph', subgraph: 'gyms' }] } }, { generations: 1, tags: 0 }],
    ['an unknown outcome starts a new generation', undefined, { generations: 1, tags: 0 }],
    ['a refused mutation moves nothing', { data: null, errors: [{ message: 'no', path: ['updateRoute'], extensions: { code: 'FORBIDDEN' } }] }, { generations: 0, tags: 0 }],
  ])('%s', async (_, response, expected) => {
    expect(await after(response)).toEqual(expected);
  });

  it('leaves no declaration in the answer the gateway gets', async () => {
    const response = { data: { updateRoute: { id: 'r1' } }, extensions: { invalidation: [declared] } };
    await onMutation?.(UPDATE, response);
    expect(response).toEqual({ data: { updateRoute: { id: 'r1' } }, extensions: {} });
  });
});
