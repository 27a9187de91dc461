import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CostTooExpensiveError, createDemandControl } from './index';

const supergraph = (weight: number) => /* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@cost", "@listSize"]) { query: Query }
  type Query { export: String! @cost(weight: ${weight}) items(first: Int = 5): [Item!]! @listSize(slicingArguments: ["first"], requireOneSlicingArgument: false) }
  type Item { name: String! }
`;

const resolved = (source: string, variables?: Record<string, unknown>) => {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return { request: { query: source, variables }, document, operation };
};

describe('demand control', () => {
  it('refuses an operation over the limit, naming its cost and the limit', () => {
    const control = createDemandControl(supergraph(50), { maxCost: 100 });
    expect(control.costOf(resolved('{ export }'))).toBe(50);
    expect(control.costOf(resolved('query ($n: Int) { items(first: $n) { name } }', { n: 100 }))).toBe(100);
    const tooMany = resolved('query ($n: Int) { items(first: $n) { name } }', { n: 101 });
    expect(() => control.costOf(tooMany)).toThrow(CostTooExpensiveError);
    expect(() => control.costOf(tooMany)).toThrow(`The operation's estimated cost 101 is over the limit of 100`);
  });

  it('prices a cached document with each request’s own variables', () => {
    const control = createDemandControl(supergraph(50), { maxCost: 1_000 });
    const { document, operation } = resolved('query ($n: Int) { items(first: $n) { name } }');
    const costWith = (variables: Record<string, unknown>) => control.costOf({ request: { variables }, document, operation });
    expect([costWith({ n: 1 }), costWith({ n: 30 }), costWith({})]).toEqual([1, 30, 5]);
  });

  it('takes the weights of a new supergraph', () => {
    const control = createDemandControl(supergraph(50), { maxCost: 1_000 });
    const { document, operation } = resolved('{ export }');
    expect(control.costOf({ request: {}, document, operation })).toBe(50);
    control.useSupergraph(supergraph(70));
    expect(control.costOf({ request: {}, document, operation })).toBe(70);
  });
});
