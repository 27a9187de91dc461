import { buildSchema, graphqlSync, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mayBeSelected, selectionsOf } from './selection';

const schema = buildSchema(/* GraphQL */ `
  type Query { page: Page, viewer: Viewer }
  type Viewer { page(first: Int = 20): Page }
  type Page { edges: [Edge!]! }
  type Edge { node: Node! }
  type Node { name: String, children: [Node!]! }
`);

/** Whether the operation may read `page.edges.node.children`, as the `page` resolver sees it. */
function readsChildren(source: string, variableValues: Record<string, unknown> = {}): boolean {
  let seen: boolean | undefined;
  const rootValue = {
    page: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      seen = mayBeSelected(info, ['edges', 'node', 'children']);
      return { edges: [] };
    },
  };
  const result = graphqlSync({ schema, source, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  return seen!;
}

describe('mayBeSelected', () => {
  it('finds a path through aliases, fragments and inline fragments', () => {
    expect(readsChildren('{ page { edges { node { children { name } } } } }')).toBe(true);
    expect(readsChildren('{ page { e: edges { n: node { c: children { name } } } } }')).toBe(true);
    expect(readsChildren('{ page { ...P } } fragment P on Page { edges { ... on Edge { node { ...N } } } } fragment N on Node { children { name } }')).toBe(true);
    // Of two selections of one field, either may ask.
    expect(readsChildren('{ page { edges { node { name } } more: edges { node { children { name } } } } }')).toBe(true);
  });

  it('is false when the path is not selected, or skipped', () => {
    expect(readsChildren('{ page { edges { node { name } } } }')).toBe(false);
    expect(readsChildren('{ page { edges { node { name children @skip(if: true) { name } } } } }')).toBe(false);
    expect(readsChildren('query($with: Boolean!) { page { edges { node { name children @include(if: $with) { name } } } } }', { with: false })).toBe(false);
    expect(readsChildren('query($with: Boolean!) { page { edges { node { name children @include(if: $with) { name } } } } }', { with: true })).toBe(true);
    expect(readsChildren('{ page { edges { ... @skip(if: true) { node { children { name } } } } } }')).toBe(false);
  });
});

describe('selectionsOf', () => {
  it("gives each response key's arguments (variables and defaults applied) and what may be read below it", () => {
    let seen: unknown;
    const rootValue = {
      viewer: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        seen = selectionsOf(info, 'Viewer', 'page').map((selection) => [selection.args, selection.mayBeSelected(['edges', 'node', 'children'])]);
        return {};
      },
    };
    const source = /* GraphQL */ `query($first: Int) { viewer { a: page(first: $first) { edges { node { name } } } page { edges { node { name } } } ...V } }
      fragment V on Viewer { a: page(first: $first) { edges { node { children { name } } } } skipped: page @skip(if: true) { edges { node { name } } } }`;
    expect(graphqlSync({ schema, source, rootValue, variableValues: { first: 2 } }).errors).toBeUndefined();
    expect(seen).toEqual([
      [{ first: 2 }, true],
      [{ first: 20 }, false],
    ]);
  });
});
