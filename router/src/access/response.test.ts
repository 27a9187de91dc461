import { type ExecutionResult, execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { filterOperation } from './filter';
import { accessRules } from './requirements';
import { restoreRemoved } from './response';

const rules = accessRules(/* GraphQL */ `
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  type Query { items: [Item!]! feed: [Entry!]! }
  interface Item { id: ID! }
  type Route implements Item { id: ID! grade: String secret: String @authenticated pin: String! @authenticated }
  type Wall implements Item { id: ID! name: String }
  union Entry = Route | Wall
`);
const anonymous = { authenticated: false, scopes: new Set<string>(), policies: new Set<string>() };
const objects = [
  { __typename: 'Route', id: 'r1', grade: '6a', secret: 's', pin: 'p' },
  { __typename: 'Wall', id: 'w1', name: 'north' },
  { __typename: 'Route', id: 'r2', grade: '7b', secret: 's', pin: 'p' },
];

/** Runs the filtered document on real objects (as the gateway would), then restores the removed fields. */
function answer(query: string, items = objects) {
  const filtered = filterOperation(rules, parse(query), undefined, anonymous)!;
  const result = execute({ schema: rules.schema, document: filtered.document, rootValue: { items, feed: items } }) as ExecutionResult;
  expect(result.errors).toBeUndefined();
  return restoreRemoved(result.data as Record<string, unknown>, filtered, {});
}
const unauthorized = (coordinate: string, path: string[]) => ({ message: `Unauthorized field or type: ${coordinate}.`, path, extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } });

describe('removed fields under interfaces and unions', () => {
  it('puts null only on the objects of the type condition, under an interface', () => {
    expect(answer('{ items { id ... on Route { grade secret } } }')).toEqual({
      data: { items: [{ id: 'r1', grade: '6a', secret: null }, { id: 'w1' }, { id: 'r2', grade: '7b', secret: null }] },
      // One error per removed path, as the Apollo Router reports it.
      errors: [unauthorized('Route.secret', ['items', '@', 'secret'])],
    });
  });

  it('puts null only on the objects of the type condition, under a union, keeping a __typename the client asked for', () => {
    expect(answer('{ feed { __typename ... on Wall { name } ... on Route { secret } } }')).toEqual({
      data: { feed: [{ __typename: 'Route', secret: null }, { __typename: 'Wall', name: 'north' }, { __typename: 'Route', secret: null }] },
      errors: [unauthorized('Route.secret', ['feed', '@', 'secret'])],
    });
  });

  it('narrows through nested type conditions and keeps a non-null field null on its own object', () => {
    expect(answer('{ feed { ... on Item { id ... on Route { pin } } } }')).toEqual({
      data: { feed: [{ id: 'r1', pin: null }, { id: 'w1' }, { id: 'r2', pin: null }] },
      errors: [unauthorized('Route.pin', ['feed', '@', 'pin'])],
    });
  });

  it('asks for __typename under an alias no field of the operation uses', () => {
    expect(answer('{ items { _typename: id ... on Route { secret } } }')).toEqual({
      data: { items: [{ _typename: 'r1', secret: null }, { _typename: 'w1' }, { _typename: 'r2', secret: null }] },
      errors: [unauthorized('Route.secret', ['items', '@', 'secret'])],
    });
  });

  it('reports nothing when no object of the type condition is in the answer', () => {
    const walls = objects.filter((object) => object.__typename === 'Wall');
    expect(answer('{ items { id ... on Route { secret } } }', walls)).toEqual({ data: { items: [{ id: 'w1' }] }, errors: [] });
    expect(answer('{ feed { ... on Route { secret } } }', walls)).toEqual({ data: { feed: [{}] }, errors: [] });
  });
});
