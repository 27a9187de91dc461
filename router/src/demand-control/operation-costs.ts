import { MAX_PAGE_SIZE } from '@clmb/common';
import { Kind, type OperationDefinitionNode, parse, type TypeNode } from 'graphql';
import { compileCost } from './estimate';
import { schemaWeights } from './weights';

export interface OperationCost {
  operation: string;
  /** With every variable left out: the operation's and the schema's defaults (e.g. a page of 20). */
  byDefault: number;
  /** With every `Int` variable (the page sizes) at the largest page, MAX_PAGE_SIZE. */
  largestPage: number;
}

const isInt = (type: TypeNode): boolean => (type.kind === Kind.NON_NULL_TYPE ? isInt(type.type) : type.kind === Kind.NAMED_TYPE && type.name.value === 'Int');

/** The estimate of every operation in `operations` (the app's documents, fragments shared between them), in the order written. */
export function operationCosts(supergraphSdl: string, operations: string): OperationCost[] {
  const weights = schemaWeights(supergraphSdl);
  const document = parse(operations, { noLocation: true });
  return document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const cost = compileCost(weights, document, operation);
      const largest = Object.fromEntries(
        (operation.variableDefinitions ?? []).filter((v) => isInt(v.type)).map((v) => [v.variable.name.value, MAX_PAGE_SIZE]),
      );
      return { operation: operation.name?.value ?? '(anonymous)', byDefault: cost({}), largestPage: cost(largest) };
    });
}
