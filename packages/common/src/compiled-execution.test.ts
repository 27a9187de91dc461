import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, type GraphQLFormattedError, type GraphQLResolveInfo, parse } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledExecution } from './compiled-execution';
import { ForbiddenError } from './errors';
import { createLogger } from './logger';
import { mayBeSelected, selectionsOf } from './selection';
import { subgraphApolloOptions } from './subgraph';

interface Context {
  /** What the resolvers that read `info` saw, in call order. */
  seen: unknown[];
}

const users = [
  { id: '1', name: 'Ada', friendIds: ['2', '3'] },
  { id: '2', name: 'Alex', friendIds: ['1'] },
  { id: '3', name: 'Tomoa', friendIds: [] },
];
const byId = (id: string) => users.find((user) => user.id === id) ?? null;

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  scalar DateTime
  enum Grade { EASY HARD }
  type Query {
    user(id: ID!): User
    users(first: Int = 2): [User!]!
    later(at: DateTime!, days: Int = 1): DateTime!
    grade(grade: Grade!): Grade!
    forbidden: String
    boom: String
    thrownValue: String
    required: User!
    pathTypename: String
  }
  type User @key(fields: "id") {
    id: ID!
    name: String!
    "Throws for Alex: an unexpected error, masked."
    nickname: String
    "Null for Tomoa: a non-null field that errors, nulling the user."
    sure: String!
    friends(first: Int = 10): [User!]!
    "What this field's resolver reads of the operation below it and of its friends."
    probe: String
  }
`);

const resolvers = {
  DateTime: DateTimeResolver,
  Query: {
    user: (_: unknown, { id }: { id: string }) => byId(id),
    users: async (_: unknown, { first }: { first: number }, context: Context, info: GraphQLResolveInfo) => {
      context.seen.push(probe(info));
      return users.slice(0, first);
    },
    later: (_: unknown, { at, days }: { at: Date; days: number }) => new Date(at.getTime() + days * 86_400_000),
    grade: (_: unknown, { grade }: { grade: string }) => grade,
    forbidden: () => {
      throw new ForbiddenError('Not yours.', { userId: '1' });
    },
    boom: async () => {
      throw new Error('connection refused at 10.0.0.7');
    },
    thrownValue: () => {
      throw 'a string';
    },
    required: () => null,
    pathTypename: (_: unknown, __: unknown, ___: unknown, info: GraphQLResolveInfo) => String(info.path.typename),
  },
  User: {
    __resolveReference: ({ id }: { id: string }) => byId(id),
    nickname: (user: { name: string }) => {
      if (user.name === 'Alex') throw new Error('nickname store down');
      return user.name.toLowerCase();
    },
    sure: async (user: { name: string }) => (user.name === 'Tomoa' ? null : 'yes'),
    friends: (user: { friendIds: string[] }, { first }: { first: number }) => user.friendIds.slice(0, first).map(byId),
    probe: (_: unknown, __: unknown, context: Context, info: GraphQLResolveInfo) => {
      context.seen.push(probe(info));
      return 'probed';
    },
  },
};

/** What a resolver can read of `info`, as `mayBeSelected` and `selectionsOf` read it. */
const probe = (info: GraphQLResolveInfo) => ({
  path: pathOf(info.path),
  nested: mayBeSelected(info, ['friends', 'name']),
  friends: selectionsOf(info, 'User', 'friends').map((selection) => [selection.args, selection.mayBeSelected(['probe'])]),
  variables: info.variableValues,
  fragments: Object.keys(info.fragments),
  operation: info.operation.name?.value,
  field: `${info.parentType.name}.${info.fieldName}: ${String(info.returnType)}`,
});

// Keys only: graphql-jit's path has no `typename` (nothing of ours reads it).
const pathOf = (path: GraphQLResolveInfo['path'] | undefined): unknown[] => (path ? [...pathOf(path.prev), path.key] : []);

const schema = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
const logger = createLogger('compiled-execution', 'silent');

/** The same subgraph twice: executed by graphql-js (Apollo's own), and compiled by graphql-jit. */
function servers(env: 'test' | 'production') {
  return {
    interpreted: new ApolloServer<Context>({ schema, ...subgraphApolloOptions(env, logger) }),
    compiled: new ApolloServer<Context>({ gateway: compiledExecution(schema), ...subgraphApolloOptions(env, logger) }),
  };
}

const test = servers('test');
const production = servers('production');
const all = [test.interpreted, test.compiled, production.interpreted, production.compiled];
beforeAll(() => Promise.all(all.map((server) => server.start())));
afterAll(() => Promise.all(all.map((server) => server.stop())));

/** What a client gets (status and body) and what the resolvers saw. */
async function answer(server: ApolloServer<Context>, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const context: Context = { seen: [] };
  const { http, body } = await server.executeOperation({ query, variables, operationName }, { contextValue: context });
  if (body.kind !== 'single') throw new Error('expected a single result');
  // As the client reads it: JSON (a DateTime is a Date until then).
  const result = JSON.parse(JSON.stringify(body.singleResult)) as { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  return { status: http.status ?? 200, result, seen: context.seen };
}

type Answer = Awaited<ReturnType<typeof answer>>;

/** Both servers' answers, which must be the same, twice (the second time from the compiled cache). */
async function same(query: string, variables?: Record<string, unknown>, operationName?: string, { interpreted, compiled } = test, seen = (a: Answer): unknown => a) {
  const expected = await answer(interpreted, query, variables, operationName);
  expect(seen(await answer(compiled, query, variables, operationName))).toEqual(seen(expected));
  expect(seen(await answer(compiled, query, variables, operationName))).toEqual(seen(expected));
  return expected;
}

describe('compiled execution answers as graphql-js does', () => {
  it('fields, aliases, arguments, defaults, fragments and inline fragments', async () => {
    const { result } = await same(/* GraphQL */ `
      query Friends { ada: user(id: "1") { ...Who friends(first: 1) { ... on User { name } } } users { id } two: users(first: 3) { name } }
      fragment Who on User { id name }
    `);
    expect(result).toEqual({
      data: { ada: { id: '1', name: 'Ada', friends: [{ name: 'Alex' }] }, users: [{ id: '1' }, { id: '2' }], two: [{ name: 'Ada' }, { name: 'Alex' }, { name: 'Tomoa' }] },
    });
  });

  it('@skip and @include, literal and from variables, on fields, fragments and inline fragments', async () => {
    const query = /* GraphQL */ `
      query($skip: Boolean!, $include: Boolean = true) {
        user(id: "1") { id name @skip(if: $skip) ...F @include(if: $include) ... @skip(if: true) { friends { id } } }
      }
      fragment F on User { friends @skip(if: $skip) { name } nickname @include(if: false) }
    `;
    expect((await same(query, { skip: false })).result).toEqual({ data: { user: { id: '1', name: 'Ada', friends: [{ name: 'Alex' }, { name: 'Tomoa' }] } } });
    expect((await same(query, { skip: true, include: false })).result).toEqual({ data: { user: { id: '1' } } });
  });

  it('picks the named operation of several, and refuses to guess', async () => {
    const query = 'query A { users { id } } query B { user(id: "2") { name } }';
    expect((await same(query, undefined, 'B')).result).toEqual({ data: { user: { name: 'Alex' } } });
    expect((await same(query)).status).toBe(400);
  });

  it('custom scalars and enums, from literals and variables, in and out', async () => {
    const { result } = await same('query($at: DateTime!, $grade: Grade!) { a: later(at: $at) b: later(at: "2026-01-01T00:00:00Z", days: 2) grade(grade: $grade) }', {
      at: '2026-12-07T10:00:00.000Z',
      grade: 'HARD',
    });
    expect(result).toEqual({ data: { a: '2026-12-08T10:00:00.000Z', b: '2026-01-03T00:00:00.000Z', grade: 'HARD' } });
  });

  it('variables that do not coerce: BAD_USER_INPUT with status 400, worded as graphql-js words it', async () => {
    const later = 'query($at: DateTime!) { later(at: $at) }';
    for (const variables of [{ at: 'tomorrow' }, {}, { at: null }]) expect((await same(later, variables)).status).toBe(400);
    const { result } = await same('query($grade: Grade!, $first: Int) { grade(grade: $grade) users(first: $first) { id } }', { grade: 'MEDIUM', first: 'two' });
    expect(result.errors?.map((error) => [error.message, error.extensions?.['code']])).toEqual([
      ['Variable "$grade" got invalid value "MEDIUM"; Value "MEDIUM" does not exist in "Grade" enum.', 'BAD_USER_INPUT'],
      ['Variable "$first" got invalid value "two"; Int cannot represent non-integer value: "two"', 'BAD_USER_INPUT'],
    ]);
  });

  it("errors: a resolver's GraphQLError as it is, unexpected ones masked, with path and locations", async () => {
    const query = '{ forbidden boom thrownValue users { name nickname } }';
    // Errors come in the order they happen: async resolvers settle in another order in compiled code.
    const byPath = ({ result: { data, errors } }: Answer) => ({
      data,
      errors: errors?.toSorted((a, b) => String(a.path).localeCompare(String(b.path))),
    });
    const { result } = await same(query, undefined, undefined, test, byPath);
    expect(byPath({ result, status: 200, seen: [] })).toEqual({
      data: { forbidden: null, boom: null, thrownValue: null, users: [{ name: 'Ada', nickname: 'ada' }, { name: 'Alex', nickname: null }] },
      errors: [
        { message: 'Internal server error.', locations: [{ line: 1, column: 13 }], path: ['boom'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        { message: 'Not yours.', locations: [{ line: 1, column: 3 }], path: ['forbidden'], extensions: { userId: '1', code: 'FORBIDDEN' } },
        { message: 'Internal server error.', locations: [{ line: 1, column: 18 }], path: ['thrownValue'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        { message: 'Internal server error.', locations: [{ line: 1, column: 43 }], path: ['users', 1, 'nickname'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    });
  });

  it('a non-null field that errors nulls its parent, up to the nearest nullable field, or data', async () => {
    expect((await same('{ users(first: 3) { name sure } }')).result).toMatchObject({ data: null, errors: [{ path: ['users', 2, 'sure'] }] });
    expect((await same('{ user(id: "3") { name sure } }')).result).toMatchObject({ data: { user: null }, errors: [{ path: ['user', 'sure'] }] });
    expect((await same('{ users { id } required { id } }')).result).toMatchObject({ data: null, errors: [{ path: ['required'] }] });
  });

  it('federation: _entities (with a representation that finds nothing) and _service', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on User { name friends { __typename id } } } }';
    const { result } = await same(query, { r: [{ __typename: 'User', id: '2' }, { __typename: 'User', id: '9' }] });
    expect(result).toEqual({ data: { _entities: [{ __typename: 'User', name: 'Alex', friends: [{ __typename: 'User', id: '1' }] }, null] } });
    // A variable inside a representation's literal (graphql-jit would parse the literal without it: graphql-js runs these).
    const literal = 'query($id: _Any) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { name } } }';
    expect((await same(literal, { id: '3' })).result).toEqual({ data: { _entities: [{ name: 'Tomoa' }] } });
    expect((await same('{ _service { sdl } }')).result.data).toEqual({ _service: { sdl: expect.stringMatching(/type User\s+@key\(fields: "id"\)/) } });
  });

  it('what resolvers read of info: path, variables, fragments, selections below', async () => {
    const query = /* GraphQL */ `
      query Probe($first: Int) {
        users { probe ...P }
        _entities(representations: [{ __typename: "User", id: "3" }]) { ... on User { probe } }
      }
      fragment P on User { probe friends(first: $first) { name } again: friends { probe } }
    `;
    const { seen } = await same(query, { first: 1 });
    expect(seen).toHaveLength(7);
    expect(seen[0]).toEqual({
      path: ['users'],
      nested: true,
      friends: [
        [{ first: 1 }, false],
        [{ first: 10 }, true],
      ],
      variables: { first: 1 },
      fragments: ['P'],
      operation: 'Probe',
      field: 'Query.users: [User!]!',
    });
    expect(seen[1]).toMatchObject({ path: ['users', 0, 'probe'], nested: false, friends: [] });
  });

  it('introspection outside production, and its refusal in production', async () => {
    const query = '{ __schema { queryType { name } } __type(name: "User") { fields { name type { kind ofType { name } } } } }';
    expect((await same(query)).result.data?.['__schema']).toEqual({ queryType: { name: 'Query' } });
    const refused = await same(query, undefined, undefined, production);
    expect([refused.status, refused.result.errors?.[0]?.extensions?.['code']]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
  });

  it('a mutation-less schema refuses mutations, as before (graphql-js words it as a bug, masked)', async () => {
    expect((await same('mutation { nothing }')).result.errors?.map((error) => error.extensions?.['code'])).toEqual(['INTERNAL_SERVER_ERROR']);
  });
});

describe('compiledExecution', () => {
  it('runs compiled code: its info.path has no typename, the one difference a resolver could see', async () => {
    const pathTypename = async (server: ApolloServer<Context>) => (await answer(server, '{ pathTypename }')).result.data;
    expect([await pathTypename(test.interpreted), await pathTypename(test.compiled)]).toEqual([{ pathTypename: 'Query' }, { pathTypename: 'undefined' }]);
  });

  it('throws nothing for a GraphQLError a resolver rethrows from another execution', async () => {
    // graphql-js passes a located error on unchanged: its own path, not this field's.
    const located = new GraphQLError('elsewhere', { path: ['other', 0], extensions: { code: 'NOT_FOUND' } });
    const local = buildSubgraphSchema([{ typeDefs: parse('type Query { x: String }'), resolvers: { Query: { x: () => Promise.reject(located) } } }]);
    const interpreted = new ApolloServer({ schema: local, ...subgraphApolloOptions('test', logger) });
    const compiled = new ApolloServer({ gateway: compiledExecution(local), ...subgraphApolloOptions('test', logger) });
    await Promise.all([interpreted.start(), compiled.start()]);
    const run = async (server: ApolloServer) => (await server.executeOperation({ query: '{ x }' })).body;
    try {
      expect(await run(compiled)).toEqual(await run(interpreted));
    } finally {
      await Promise.all([interpreted.stop(), compiled.stop()]);
    }
  });
});
