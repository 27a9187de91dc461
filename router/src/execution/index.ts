import * as internals from '@apollo/federation-internals';
import type { Operation, Schema } from '@apollo/federation-internals';
import * as operations from '@apollo/federation-internals/dist/operations.js';
import * as resultShaping from '@apollo/gateway/dist/resultShaping.js';
import type { DefinitionNode, DocumentNode } from 'graphql';
import { computeResponse } from './result-shaping';

/**
 * The gateway's per-request steps that only depend on the operation, done once per operation.
 * `executeQueryPlan` (@apollo/gateway) builds the operation again from the parsed document on every
 * request, then shapes the answer along it (`computeResponse`). Apollo Server hands the gateway
 * the same parsed document for the same query (its document store), so the first is memoized by
 * that document's definitions, and the second is compiled once for that operation (result-shaping.ts).
 *
 * Both are swapped in where the gateway looks them up at call time: `resultShaping_1.computeResponse`
 * and `federation_internals_1.operationFromDocument` (@apollo/gateway and
 * @apollo/federation-internals 2.14.4, both pinned in router/package.json: one copy of each). The
 * package's index re-exports `operationFromDocument` through a getter of its operations module when
 * run from node_modules, as a value when bundled (scripts/build.ts, `plainReExports`): it is
 * replaced where it is a value.
 * The query planner's own calls (validated, by operation name) go through unchanged. A gateway on
 * which either swap does not show stops the router's start, rather than quietly running without.
 */

type OperationFromDocument = typeof internals.operationFromDocument;

/** CommonJS modules imported from ESM: their `module.exports` is the default export, where the gateway reads them. */
const exportsOf = <T extends object>(module: T): T => (module as T & { default?: T }).default ?? module;

/** Set on the gateway's module once the swaps are in: a second install (another evaluation of this module, as a test worker may make) keeps them. */
const INSTALLED = Symbol.for('clmb.router.compiledExecution');

export function installCompiledExecution(): void {
  const shaping = exportsOf(resultShaping) as { computeResponse: unknown; [INSTALLED]?: true };
  if (shaping[INSTALLED]) return;
  const index = exportsOf(internals) as { operationFromDocument: OperationFromDocument };
  const source = exportsOf(operations) as { operationFromDocument: OperationFromDocument };
  const memo = memoized(index.operationFromDocument);
  const reExport = Object.getOwnPropertyDescriptor(index, 'operationFromDocument');
  if (reExport && 'value' in reExport && reExport.writable) index.operationFromDocument = memo;
  else source.operationFromDocument = memo;
  if (typeof shaping.computeResponse === 'function') shaping.computeResponse = computeResponse;
  if (index.operationFromDocument !== memo || shaping.computeResponse !== computeResponse) {
    throw new Error('@apollo/gateway no longer reads computeResponse and operationFromDocument from module exports: update router/src/execution to this version');
  }
  shaping[INSTALLED] = true;
}

interface Memo {
  definitions: readonly DefinitionNode[];
  operation: Operation;
}

const sameDefinitions = (a: readonly DefinitionNode[], b: readonly DefinitionNode[]): boolean => a.length === b.length && a.every((definition, i) => definition === b[i]);

/**
 * `operationFromDocument` once per schema and parsed document for the calls `executeQueryPlan`
 * makes (unvalidated, no operation name): a document of the operation's definition and its
 * fragments' definitions, the same nodes for the same query.
 */
function memoized(operationFromDocument: OperationFromDocument): OperationFromDocument {
  const bySchema = new WeakMap<Schema, WeakMap<DefinitionNode, Memo>>();
  return (schema, document: DocumentNode, options) => {
    const first = document.definitions[0];
    if (!first || options?.validate !== false || options.operationName !== undefined) return operationFromDocument(schema, document, options);
    let memos = bySchema.get(schema);
    if (!memos) {
      memos = new WeakMap();
      bySchema.set(schema, memos);
    }
    const memo = memos.get(first);
    if (memo && sameDefinitions(memo.definitions, document.definitions)) return memo.operation;
    const operation = operationFromDocument(schema, document, options);
    memos.set(first, { definitions: document.definitions, operation });
    return operation;
  };
}
