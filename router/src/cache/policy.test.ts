import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createCachePolicies } from './policy';

const supergraph = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
const policies = createCachePolicies(supergraph, 'gyms', 120);
const policyOf = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  return policies.ofOperation(document, operation);
};

describe('cache policies from the @cacheControl hints in the supergraph', () => {
  it('lets public gyms data be kept, for the shortest hint, capped by CACHE_MAX_TTL_SECONDS', () => {
    expect(policyOf('query { gyms(first: 20) { edges { node { name routes { colour grade { value } } } } pageInfo { hasNextPage } } }')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(policyOf('{ gradeSystems { name grades { value } } route(id: "x") { gym { slug } } }')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(createCachePolicies(supergraph, 'gyms', 10).ofOperation(parse('{ gradeSystems { name } }'), parse('{ gradeSystems { name } }').definitions[0] as never)).toEqual({ maxAge: 10, scope: 'PUBLIC' });
  });

  it('keeps nothing that touches the users subgraph, an unhinted field, introspection or a mutation', () => {
    expect(policyOf('{ me { id } }').maxAge).toBe(0);
    expect(policyOf('{ gyms { totalCount } me { id } }').maxAge).toBe(0);
    expect(policyOf('{ user(id: "x") { username } }').maxAge).toBe(0);
    expect(policyOf('{ __schema { queryType { name } } }').maxAge).toBe(0);
    expect(policyOf('query Q { ...F } fragment F on Query { session(id: "x") { id } }').maxAge).toBe(0);
    expect(policyOf('mutation { archiveGym(input: { id: "x" }) { id } }').maxAge).toBe(0);
  });

  it('makes a field or type behind an access directive private, hinted or not', () => {
    const sdl = /* GraphQL */ `
      directive @join__type(graph: join__Graph!) repeatable on OBJECT
      directive @cacheControl(maxAge: Int, scope: CacheControlScope) on FIELD_DEFINITION | OBJECT
      directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT
      directive @authenticated on FIELD_DEFINITION | OBJECT
      enum join__Graph { GYMS }
      enum CacheControlScope { PUBLIC PRIVATE }
      type Query @join__type(graph: GYMS) { gym: Gym @cacheControl(maxAge: 60) }
      type Gym @join__type(graph: GYMS) @cacheControl(maxAge: 300) { name: String, notes: String @policy(policies: [["staff"]]), badge: Badge }
      type Badge @join__type(graph: GYMS) @authenticated @cacheControl(maxAge: 300) { label: String }
    `;
    const local = createCachePolicies(sdl, 'gyms', 300);
    const of = (query: string) => local.ofOperation(parse(query), parse(query).definitions[0] as never);
    expect(of('{ gym { name } }')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(of('{ gym { name notes } }')).toEqual({ maxAge: 60, scope: 'PRIVATE' });
    expect(of('{ gym { badge { label } } }')).toEqual({ maxAge: 60, scope: 'PRIVATE' });
  });

  it("gives each entity type of a subgraph's _entities query its own time to live", () => {
    const query = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Gym{name city}...on Route{colour grade{value}}}}';
    expect(policies.ofEntityQuery(query)?.ttls).toEqual(new Map([['Gym', 120], ['Route', 120]]));
    expect(policies.ofEntityQuery('query{gyms{totalCount}}')).toBeNull();
  });
});
