import { describe, expect, it } from 'vitest';
import { declaredTags, mayHaveChanged } from './mutation-outcome';

const TWO = 'mutation($a:ID!,$b:ID!){a:archiveGym(input:{id:$a}){id} b:archiveGym(input:{id:$b}){id}}';
const refused = (path: (string | number)[], code = 'FORBIDDEN') => ({ message: 'no', path, extensions: { code } });

describe('whether a mutation may have changed something', () => {
  it.each<[string, Parameters<typeof mayHaveChanged>[1], boolean]>([
    ['a clean answer', { data: { a: { id: '1' }, b: { id: '2' } } }, true],
    ['the first field refused (the second never ran)', { data: null, errors: [refused(['a'])] }, false],
    ['the second field refused, the first applied', { data: null, errors: [refused(['b'])] }, true],
    ['an error under the first field only', { data: null, errors: [refused(['a', 'id'])] }, true],
    ['both nullable fields refused', { data: { a: null, b: null }, errors: [refused(['a']), refused(['b'])] }, false],
    ['refused before running (validation)', { errors: [{ message: 'Cannot query field' }] }, false],
    ['no answer from the subgraph', { data: null, errors: [refused(['a'], 'SUBGRAPH_UNAVAILABLE'), refused(['b'], 'SUBGRAPH_UNAVAILABLE')] }, true],
    ['a call that threw', undefined, true],
    ['an answer too large to read', { data: null, errors: [refused(['a'], 'SUBGRAPH_RESPONSE_TOO_LARGE'), refused(['b'], 'SUBGRAPH_RESPONSE_TOO_LARGE')] }, true],
  ])('%s → %s', (_, response, expected) => {
    expect(mayHaveChanged(TWO, response)).toBe(expected);
  });

  // The planner keeps a client's `... @include(if: $x) { archiveGym … }` in what it sends gyms.
  it.each([
    ['an inline fragment', 'mutation($a:ID!){... { a:archiveGym(input:{id:$a}){id} }}'],
    ['a fragment spread', 'mutation($a:ID!){...W} fragment W on Mutation { a:archiveGym(input:{id:$a}){id} }'],
  ])('finds the fields under %s', (_, query) => {
    expect(mayHaveChanged(query, { data: { a: { id: '1' } } })).toBe(true);
    expect(mayHaveChanged(query, { data: null, errors: [refused(['a'])] })).toBe(false);
  });
});

describe('what a mutation declares it changed', () => {
  const entity = (type: string, id: string) => ({ kind: 'entity', subgraph: 'gyms', type, key: { id } });
  it.each<[string, Parameters<typeof declaredTags>[0], string[] | undefined]>([
    ['entities and a type', { data: {}, extensions: { invalidation: [entity('Route', 'r1'), entity('Gym', 'g1'), { kind: 'type', subgraph: 'gyms', type: 'Gym' }] } }, ['Route:r1', 'Gym:g1', 'Gym']],
    ['nothing', { data: {} }, undefined],
    ['an empty list', { data: {}, extensions: { invalidation: [] } }, undefined],
    ['its whole subgraph', { data: {}, extensions: { invalidation: [entity('Route', 'r1'), { kind: 'subgraph', subgraph: 'gyms' }] } }, undefined],
    ['a kind it does not know', { data: {}, extensions: { invalidation: [{ kind: 'cache_tag', cacheTag: 'x' }] } }, undefined],
    ['no answer', undefined, undefined],
  ])('%s → %j', (_, response, expected) => {
    expect(declaredTags(response)).toEqual(expected);
  });
});
