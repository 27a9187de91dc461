import { createRequire } from 'node:module';
import { buildSchema, type FieldSelection, operationFromDocument } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { computeResponse } from './result-shaping';

type ComputeResponse = typeof computeResponse;

/**
 * Apollo's own `computeResponse`, from a fresh evaluation of its module: the router's start swaps
 * the loaded module's export for ours (./index.ts), and tests share their worker's modules.
 */
function apollosComputeResponse(): ComputeResponse {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@apollo/gateway/dist/resultShaping.js');
  const loaded = require.cache[path];
  delete require.cache[path];
  try {
    return (require(path) as { computeResponse: ComputeResponse }).computeResponse;
  } finally {
    if (loaded) require.cache[path] = loaded;
  }
}

const schema = buildSchema(`
  type Query {
    me: User
    users: [User!]!
    things: [Thing]
    search: [SearchResult!]
    count: Int
    version: String!
  }
  interface Thing { id: ID! name: String }
  type User implements Thing {
    id: ID!
    name: String
    username: String!
    age: Int
    rating: Float
    active: Boolean
    role: Role!
    tags: [String!]
    friends: [User!]
    best: User!
    when: DateTime
  }
  type Gym implements Thing { id: ID! name: String city: String! routes: [Route!]! }
  type Route { id: ID! colour: Colour grade: Grade! }
  type Grade { value: Float! label: String }
  union SearchResult = User | Gym
  enum Role { CLIMBER SETTER }
  enum Colour { RED BLUE }
  scalar DateTime
`);

const QUERY = `
  query Q($withAge: Boolean!, $skipCity: Boolean = false) {
    me { id n: name ...UserBits age @include(if: $withAge) friends { id __typename } kind: __typename }
    users { username best { name } best { id age } rating active }
    things {
      __typename id
      ... on User { role tags }
      ... on Gym { city @skip(if: $skipCity) routes { colour grade { value label } } }
    }
    search { ... on User { username } ... on Gym { name } t: __typename }
    count
    version
    skipped: count @skip(if: true)
    kept: count @include(if: true)
    __schema { queryType { name } }
  }
  fragment UserBits on User { username when best { name age } }
`;

const user = (id: string) => ({
  __typename: 'User',
  id,
  name: `name ${id}`,
  n: `name ${id}`,
  username: `u${id}`,
  age: 30,
  rating: 4.5,
  active: true,
  role: 'SETTER',
  tags: ['a', 'b'],
  when: '2026-12-07T10:00:00Z',
  friends: [{ __typename: 'User', id: `${id}f` }],
  best: { __typename: 'User', id: `${id}b`, name: 'best', age: 31 },
  kind: 'User',
});

const gym = (id: string) => ({
  __typename: 'Gym',
  id,
  name: `gym ${id}`,
  city: 'Bern',
  routes: [
    { __typename: 'Route', id: `${id}r1`, colour: 'RED', grade: { value: 5.5, label: '6a' } },
    { __typename: 'Route', id: `${id}r2`, colour: null, grade: { value: 6, label: null } },
  ],
});

/** A whole answer, with the keys and `__typename`s a plan fetches for itself. */
const answer = () => ({
  me: user('1'),
  users: [user('2'), user('3')],
  things: [user('4'), gym('5'), null],
  search: [gym('6'), { ...user('7'), t: 'User' }],
  count: 3,
  version: 'v1',
  kept: 3,
});

/** A deterministic generator (mulberry32), so that a failure is the same failure again. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Container = Record<string, unknown> | unknown[];

/** Every place in the answer: its container and its key. */
function places(value: unknown, found: [Container, string | number][] = []): [Container, string | number][] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found.push([value, index]);
      places(item, found);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      found.push([value as Record<string, unknown>, key]);
      places(item, found);
    }
  }
  return found;
}

/** What a subgraph can get wrong, one place at a time: nulls, wrong scalars, lists, objects and typenames. */
const MUTATIONS: unknown[] = [null, null, null, 'text', 42, -3, 4.2, 1e21, -0, Number.POSITIVE_INFINITY, true, [], {}, 'RED', 'SETTER', 'Nope', 'Gym', 'User', undefined];

function mutated(next: () => number): Record<string, unknown> {
  const input = answer();
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const all = places(input);
    const [container, key] = all[Math.floor(next() * all.length)]!;
    const value = MUTATIONS[Math.floor(next() * MUTATIONS.length)];
    if (value === undefined && !Array.isArray(container)) delete container[key as string];
    else (container as Record<string | number, unknown>)[key] = value;
  }
  return input;
}

/** The outcome as a client would see it: data, and the errors' messages, paths and codes; or what was thrown. */
function outcome(compute: ComputeResponse, input: Record<string, unknown>, variables: Record<string, unknown>) {
  const operation = operationFromDocument(schema, parse(QUERY), { validate: false });
  const introspectionHandling = (selection: FieldSelection) => ({ introspected: selection.element.responseName() });
  try {
    const { data, errors } = compute({ operation, variables, input: structuredClone(input), introspectionHandling });
    return { data: JSON.parse(JSON.stringify(data ?? null)), errors: errors.map((e) => ({ message: e.message, path: e.path, code: e.extensions['code'] })) };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe('computeResponse, compiled', () => {
  const apollo = apollosComputeResponse();
  const variableSets = [{ withAge: true }, { withAge: false, skipCity: true }];

  it('shapes a whole answer as Apollo does: fields asked for, in their order, aliases, fragments, @skip and @include', () => {
    for (const variables of variableSets) expect(outcome(computeResponse, answer(), variables)).toEqual(outcome(apollo, answer(), variables));
    const shaped = outcome(computeResponse, answer(), variableSets[1]!);
    expect(shaped).toMatchObject({ errors: [] });
    expect(Object.keys((shaped as { data: Record<string, unknown> }).data)).toEqual(['me', 'users', 'things', 'search', 'count', 'version', 'kept', '__schema']);
    expect((shaped as { data: { things: unknown[] } }).data.things[1]).toEqual({
      __typename: 'Gym',
      id: '5',
      routes: [
        { colour: 'RED', grade: { value: 5.5, label: '6a' } },
        { colour: null, grade: { value: 6, label: null } },
      ],
    });
  });

  it('gives the same data, errors and failures as Apollo for 2,000 answers a subgraph got wrong', () => {
    const next = random(20261207);
    let withErrors = 0;
    for (let i = 0; i < 1_000; i++) {
      const input = mutated(next);
      for (const variables of variableSets) {
        const ours = outcome(computeResponse, input, variables);
        expect(ours, JSON.stringify(input)).toEqual(outcome(apollo, input, variables));
        if ('threw' in ours || ours.errors.length > 0) withErrors++;
      }
    }
    // The mutations reach the error paths, not only harmless places.
    expect(withErrors).toBeGreaterThan(500);
  });

  it('answers null data for no input, as Apollo does', () => {
    const operation = operationFromDocument(schema, parse(QUERY), { validate: false });
    expect(computeResponse({ operation, input: undefined, introspectionHandling: () => null })).toEqual({ data: undefined, errors: [] });
  });
});
