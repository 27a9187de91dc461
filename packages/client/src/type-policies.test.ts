import { InMemoryCache } from '@apollo/client';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { GymsDocument, type GymsQuery } from './__generated__/operations';
import { captureConsole } from './testing';
import { typePolicies } from './type-policies';

const gym = (n: number) => ({
  __typename: 'Gym' as const,
  id: `g${n}`,
  slug: `gym-${n}`,
  name: `Gym ${n}`,
  city: 'Leeds',
  country: 'United Kingdom',
  latitude: 53.8,
  longitude: -1.55,
  gradeSystem: { __typename: 'GradeSystem' as const, id: 's', name: 'V' },
  routes: [],
});
const page = (from: number, hasNextPage: boolean): GymsQuery => ({
  gyms: {
    __typename: 'GymConnection',
    totalCount: 3,
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: `c${from + 1}` },
    edges: [from, from + 1].map((n) => ({ __typename: 'GymEdge', cursor: `c${n}`, node: gym(n) })),
  },
});
// A picker that needs only names: less of every edge than the gyms page.
const NAMES = parse(/* GraphQL */ `
  query GymNames { gyms(first: 2) { totalCount edges { node { id name } } } }
`);

describe('typePolicies (in the client project: Apollo development build)', () => {
  const printed = captureConsole();
  afterEach(() => printed.lines.splice(0));

  it('appends a next page after its cursor, and a smaller query of the first page keeps every edge whole', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: GymsDocument, variables: { first: 2 }, data: page(0, true) });
    cache.writeQuery({ query: GymsDocument, variables: { first: 2, after: 'c1' }, data: page(2, false) });
    expect(cache.readQuery({ query: GymsDocument, variables: { first: 2 } })!.gyms.edges.map((e) => e.cursor)).toEqual(['c0', 'c1', 'c2', 'c3']);

    cache.writeQuery({ query: NAMES, data: { gyms: { __typename: 'GymConnection', totalCount: 3, edges: page(0, true).gyms.edges.map(({ node }) => ({ __typename: 'GymEdge', node: { __typename: 'Gym', id: node.id, name: node.name } })) } } });
    const after = cache.readQuery({ query: GymsDocument, variables: { first: 2 } });
    expect(after!.gyms.edges.map((e) => e.cursor)).toEqual(['c0', 'c1']);
    expect(printed.lines).toEqual([]);
  });

  it('keeps each gyms filter its own list', () => {
    const cache = new InMemoryCache({ typePolicies });
    cache.writeQuery({ query: GymsDocument, variables: { first: 2, filter: { city: 'Leeds' } }, data: page(0, false) });
    expect(cache.readQuery({ query: GymsDocument, variables: { first: 2, filter: { city: 'York' } } })).toBeNull();
    expect(printed.lines).toEqual([]);
  });
});
