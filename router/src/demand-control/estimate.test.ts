import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileCost, MUTATION_COST } from './estimate';
import { schemaWeights } from './weights';

const weights = schemaWeights(/* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@cost", "@listSize"]) { query: Query mutation: Mutation }
  type Query {
    gyms(first: Int = 20, filter: GymFilter): GymConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    tags: [String!]! @listSize(assumedSize: 50)
    export: String! @cost(weight: 500)
  }
  type Mutation { rename(name: String!): Gym! }
  input GymFilter { city: String search: String @cost(weight: 10) }
  type GymConnection { edges: [GymEdge!]! total: Int! }
  type GymEdge { node: Gym! }
  type Gym { name: String! routes: [Route!]! @listSize(assumedSize: 300) board(top: Int = 10): [Entry!]! @cost(weight: 5) @listSize(slicingArguments: ["top"]) }
  type Route { colour: String! }
  type Entry { points: Int! }
`);

/** The cost of the document's only operation with these variables. */
const cost = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return compileCost(weights, document, operation)(variables);
};

describe('the estimated cost of an operation', () => {
  it('counts objects 1 and scalars 0, a list as its size times its item', () => {
    expect(cost('{ tags }')).toBe(0);
    // Connection 1 + 20 × (edge 1 + gym 1 + 300 routes × 1).
    expect(cost('{ gyms { total edges { node { name routes { colour } } } } }')).toBe(1 + 20 * (1 + 1 + 300));
  });

  it('sizes a list by its slicing argument: a literal, a variable, a variable’s default and the argument’s default cost the same', () => {
    const page = (first: string) => `{ gyms${first} { edges { node { name } } } }`;
    expect(cost(page('(first: 20)'))).toBe(1 + 20 * 2);
    expect(cost(page('')), 'the argument’s default').toBe(1 + 20 * 2);
    expect(cost('query ($n: Int) { gyms(first: $n) { edges { node { name } } } }', { n: 20 })).toBe(1 + 20 * 2);
    expect(cost('query ($n: Int = 20) { gyms(first: $n) { edges { node { name } } } }'), 'the variable’s default').toBe(1 + 20 * 2);
    expect(cost('query ($n: Int) { gyms(first: $n) { edges { node { name } } } }', { n: 100 })).toBe(cost(page('(first: 100)')));
    // Not a size (graphql-js refuses it after the estimate): the argument's default.
    expect(cost('query ($n: Int) { gyms(first: $n) { edges { node { name } } } }', { n: 'all' })).toBe(1 + 20 * 2);
  });

  it('charges a field’s @cost in place of its type’s, per item of a list', () => {
    expect(cost('{ export }')).toBe(500);
    // Connection 1 + 20 × (edge 1 + gym 1 + 10 entries × @cost 5).
    expect(cost('{ gyms { edges { node { board { points } } } } }')).toBe(1 + 20 * (2 + 10 * 5));
    expect(cost('query ($top: Int) { gyms(first: 1) { edges { node { board(top: $top) { points } } } } }', { top: 100 })).toBe(1 + 1 * (2 + 100 * 5));
  });

  it('adds the @cost of the input fields given, literally or in a variable', () => {
    const base = cost('{ gyms { total } }');
    expect(cost('{ gyms(filter: { city: "Berlin" }) { total } }')).toBe(base);
    expect(cost('{ gyms(filter: { search: "wall" }) { total } }')).toBe(base + 10);
    expect(cost('query ($f: GymFilter) { gyms(filter: $f) { total } }', { f: { search: 'wall' } })).toBe(base + 10);
    expect(cost('query ($s: String) { gyms(filter: { search: $s }) { total } }', { s: null })).toBe(base);
  });

  it('adds 10 for a mutation and counts fragments where they are spread', () => {
    expect(cost('mutation { rename(name: "x") { name } }')).toBe(MUTATION_COST + 1);
    expect(cost('{ gyms(first: 2) { edges { ...E ... on GymEdge { node { routes { colour } } } } } } fragment E on GymEdge { node { name } }')).toBe(
      1 + 2 * (1 + 1 + (1 + 300)),
    );
  });
});
