import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from '@apollo/federation-internals';
import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { concatAST, type DocumentNode, type GraphQLSchema, parse, Source, validate } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The schema clients see: the supergraph without its federation machinery (join__, link__ ...).
 * Read as a router reads it, which knows the access and cost features (`@authenticated`, `@cost` ...).
 */
export const apiSchemaOf = (supergraphSdl: string): GraphQLSchema =>
  Supergraph.build(supergraphSdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();

const acceptedFileSchema = z.object({
  accepted: z
    .array(
      z.object({
        type: z.string().min(1),
        path: z.string().min(1),
        reason: z.string().trim().min(10, 'say why clients are not broken (at least 10 characters)'),
      }),
    )
    .default([]),
});

export type AcceptedChange = z.infer<typeof acceptedFileSchema>['accepted'][number];

/** schema/accepted-changes.yaml: each breaking change someone decided to ship, and why. */
export function parseAcceptedChanges(yaml: string): AcceptedChange[] {
  return acceptedFileSchema.parse(parseYaml(yaml) ?? {}).accepted;
}

export interface Operation {
  file: string;
  source: string;
}

export interface SchemaCheck {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
  /** Breaking changes recorded in the accepted-changes file: reported, not failing. */
  accepted: (Change & { reason: string })[];
  /** Operations of the app and the docs that the new schema no longer serves. */
  operationErrors: string[];
}

const accepts = (entry: AcceptedChange, change: Change) => entry.type === change.type && entry.path === change.path;

/**
 * Compares the API schema of `base` (null: nothing to compare, e.g. a first commit) with `next`,
 * sorts the changes by criticality, and validates the operations against `next`.
 */
export async function checkSchema(input: {
  base: string | null;
  next: string;
  accepted: AcceptedChange[];
  operations: Operation[];
}): Promise<SchemaCheck> {
  const next = apiSchemaOf(input.next);
  const changes = input.base === null ? [] : await diff(apiSchemaOf(input.base), next);
  const result: SchemaCheck = { breaking: [], dangerous: [], safe: [], accepted: [], operationErrors: [] };
  for (const change of changes) {
    const level = change.criticality.level;
    const entry = level === CriticalityLevel.Breaking ? input.accepted.find((e) => accepts(e, change)) : undefined;
    if (entry) result.accepted.push({ ...change, reason: entry.reason });
    else if (level === CriticalityLevel.Breaking) result.breaking.push(change);
    else if (level === CriticalityLevel.Dangerous) result.dangerous.push(change);
    else result.safe.push(change);
  }
  // One set, as the app's kit generates them: a fragment in one file serves operations in another.
  const documents: DocumentNode[] = [];
  for (const operation of input.operations) {
    try {
      documents.push(parse(new Source(operation.source, operation.file)));
    } catch (error) {
      result.operationErrors.push(`${operation.file}: ${(error as Error).message}`);
    }
  }
  for (const error of documents.length > 0 ? validate(next, concatAST(documents)) : []) {
    const files = [...new Set(error.nodes?.map((node) => node.loc?.source.name) ?? [])];
    result.operationErrors.push(`${files.join(', ') || 'schema/operations'}: ${error.message}`);
  }
  return result;
}

/** The check fails on an unrecorded breaking change or an operation the new schema refuses. */
export const checkFails = (check: SchemaCheck): boolean => check.breaking.length > 0 || check.operationErrors.length > 0;
