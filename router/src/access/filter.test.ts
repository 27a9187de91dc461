import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { filterOperation } from './filter';
import { type Claims, accessRules } from './requirements';
import { restoreRemoved } from './response';

const rules = accessRules(/* GraphQL */ `
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  type Query {
    open: String
    me: User
    users: [User!]!
    node(id: ID!): Node
    secret: String @authenticated
    audit: String! @requiresScopes(scopes: [["admin"], ["auditor", "staff"]])
  }
  type Mutation { ping: Boolean staffOnly: Boolean! @policy(policies: [["staff"]]) }
  interface Node { id: ID! }
  type User implements Node { id: ID! name: String email: String @authenticated note: Note tags: [String!]! @authenticated }
  type Note implements Node @policy(policies: [["staff"]]) { id: ID! text: String }
`);

const claims = (authenticated: boolean, scopes: string[] = [], policies: string[] = []): Claims => ({ authenticated, scopes: new Set(scopes), policies: new Set(policies) });
const anonymous = claims(false);
const filter = (query: string, as = anonymous, operationName?: string) => filterOperation(rules, parse(query), operationName, as);
const removed = (query: string, as = anonymous) => filter(query, as)?.removals.map(({ path, nullAt, coordinate }) => ({ path, nullAt, coordinate }));
const printed = (query: string, as = anonymous) => {
  const result = filter(query, as);
  return result && print(result.document).replace(/\s+/g, ' ');
};

describe('the access walker', () => {
  it('removes what the claims may not select and keeps the rest', () => {
    expect(printed('{ open secret }')).toBe('{ open }');
    expect(removed('{ open secret }')).toEqual([{ path: ['secret'], nullAt: ['secret'], coordinate: 'Query.secret' }]);
    expect(filter('{ open secret }', claims(true))).toBeUndefined();
  });

  it('matches scopes as an OR of AND-sets', () => {
    expect(filter('{ audit }', claims(true, ['admin']))).toBeUndefined();
    expect(filter('{ audit }', claims(true, ['auditor', 'staff']))).toBeUndefined();
    expect(filter('{ open audit }', claims(true, ['auditor']))?.removals).toHaveLength(1);
  });

  it('follows named fragments (inlined) and answers by alias, with @ for each list level', () => {
    const query = 'query Q { people: users { ...F } } fragment F on User { name mail: email tags }';
    expect(printed(query)).toBe('query Q { people: users { ... on User { name } } }');
    expect(removed(query)).toEqual([
      { path: ['people', '@', 'mail'], nullAt: ['people', '@', 'mail'], coordinate: 'User.email' },
      // A non-null field's null goes to its nearest nullable parent; `users` is non-null too: all of data.
      { path: ['people', '@', 'tags'], nullAt: [], coordinate: 'User.tags' },
    ]);
  });

  it('checks fields and type conditions under an interface', () => {
    const query = '{ node(id: "1") { id ... on User { email } ... on Note { text } } }';
    // The removals sit under type conditions: `__typename` is asked for (under a free alias) to tell the objects apart.
    expect(printed(query)).toBe('{ node(id: "1") { _typename: __typename id } }');
    expect(removed(query)?.map((r) => r.coordinate)).toEqual(['User.email', 'Note.text']);
    expect(filter(query, claims(true, [], ['staff']))).toBeUndefined();
    // Under a narrower type condition a non-null field's null stays put: other objects never had it.
    const narrowed = filter('{ node(id: "1") { id ... on User { tags } } }')!;
    expect(narrowed.removals.map(({ path, nullAt }) => ({ path, nullAt }))).toEqual([{ path: ['node', 'tags'], nullAt: ['node', 'tags'] }]);
  });

  it('keeps an object whose every field was removed, with __typename standing in', () => {
    const result = filter('{ me { email } open }');
    expect(print(result!.document).replace(/\s+/g, ' ')).toBe('{ me { __typename } open }');
    expect(result?.placeholders).toEqual([['me']]);
    expect(result?.refused).toBe(false);
  });

  it('refuses an operation left without a root field', () => {
    expect(filter('mutation { staffOnly }')?.refused).toBe(true);
    expect(filter('mutation { ping staffOnly }')?.refused).toBe(false);
  });

  it('plans a filtered document under its own hash, one per claims shape', () => {
    const query = '{ open secret audit }';
    const [anon, climber] = [filter(query), filter(query, claims(true))];
    expect(anon?.queryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(anon?.queryHash).not.toBe(climber?.queryHash);
  });

  it('answers null and one error per removed field, only where it was asked for (@include/@skip with variables)', () => {
    const query = 'query Q($skip: Boolean!, $with: Boolean = true) { open secret @skip(if: $skip) me @include(if: $with) { name email } }';
    const result = filter(query)!;
    const answer = (variables: Record<string, unknown>, data: Record<string, unknown>) => restoreRemoved(data, result, variables);
    expect(answer({ skip: false, with: true }, { open: 'o', me: { name: 'n' } })).toEqual({
      data: { open: 'o', secret: null, me: { name: 'n', email: null } },
      errors: [
        { message: 'Unauthorized field or type: Query.secret.', path: ['secret'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
        { message: 'Unauthorized field or type: User.email.', path: ['me', 'email'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' } },
      ],
    });
    expect(answer({ skip: true, with: false }, { open: 'o' })).toEqual({ data: { open: 'o' }, errors: [] });
  });

  it('puts nulls into every list element, propagates a non-null null, and drops the placeholders', () => {
    const list = filter('{ users { name email } }')!;
    expect(restoreRemoved({ users: [{ name: 'a' }, { name: 'b' }] }, list, {}).data).toEqual({
      users: [{ name: 'a', email: null }, { name: 'b', email: null }],
    });
    const nonNull = filter('{ open audit }', claims(true))!;
    expect(restoreRemoved({ open: 'o' }, nonNull, {}).data).toBeNull();
    const emptied = filter('{ me { email } }')!;
    expect(restoreRemoved({ me: { __typename: 'User' } }, emptied, {})).toMatchObject({ data: { me: { email: null } } });
    // No object to be part of (me is null without a token): no error either.
    expect(restoreRemoved({ me: null }, emptied, {})).toEqual({ data: { me: null }, errors: [] });
  });
});
