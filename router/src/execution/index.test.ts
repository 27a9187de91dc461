import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as internals from '@apollo/federation-internals';
import { buildSchema } from '@apollo/federation-internals';
import { type DefinitionNode, type DocumentNode, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { installCompiledExecution } from '.';

const require = createRequire(import.meta.url);
const schema = buildSchema('type Query { me: User } type User { id: ID! name: String }');
/** `operationFromDocument` as the gateway reads it, at call time, from the package's exports. */
const operationFromDocument: typeof internals.operationFromDocument = (...args) =>
  ((internals as typeof internals & { default?: typeof internals }).default ?? internals).operationFromDocument(...args);

/** What `executeQueryPlan` hands it: the operation's definition, then its fragments'. */
const planDocument = (document: DocumentNode, fragments: readonly DefinitionNode[] = document.definitions.slice(1)): DocumentNode => ({
  kind: Kind.DOCUMENT,
  definitions: [document.definitions[0]!, ...fragments],
});

/** Operations are compared by identity: vitest's `toBe` deep-compares two that differ (a schema each), which takes minutes. */
const same = (a: object, b: object): boolean => a === b;

describe('installCompiledExecution', () => {
  it('patches the one copy of federation-internals the gateway uses', () => {
    const gatewayDir = dirname(require.resolve('@apollo/gateway/package.json'));
    expect(require.resolve('@apollo/federation-internals', { paths: [gatewayDir] })).toBe(require.resolve('@apollo/federation-internals'));
  });

  it('builds the operation of a parsed document once, and again for other definitions or the planner’s calls', () => {
    installCompiledExecution();
    const document = parse('query Q { me { ...Bits } } fragment Bits on User { id name }');
    const first = operationFromDocument(schema, planDocument(document), { validate: false });
    expect(same(operationFromDocument(schema, planDocument(document), { validate: false }), first)).toBe(true);
    // The same operation node with other fragment nodes (another parse): built again.
    const reparsed = parse('fragment Bits on User { id }');
    const other = operationFromDocument(schema, planDocument(document, reparsed.definitions), { validate: false });
    expect(same(other, first)).toBe(false);
    expect(other.toString(true, false)).toBe('query Q { me { ... on User { id } } }');
    // Validated and by name, as the query planner asks: not memoized.
    expect(same(operationFromDocument(schema, document, { operationName: 'Q' }), operationFromDocument(schema, document, { operationName: 'Q' }))).toBe(false);
    // Another schema (a supergraph reloaded): built again.
    const reloaded = buildSchema('type Query { me: User } type User { id: ID! name: String }');
    expect(same(operationFromDocument(reloaded, planDocument(document), { validate: false }), first)).toBe(false);
  });
});
