import {
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
  type TypeNode,
  valueFromASTUntyped,
} from 'graphql';

/**
 * Federation's `@listSize` on a field (the IBM cost specification's). `requireOneSlicingArgument`
 * is not read: clmb's paged fields set it false, as their `first` has a default that sizes the list.
 */
export interface ListSize {
  assumedSize: number | undefined;
  slicingArguments: readonly string[];
  /** The child fields the slicing arguments size, e.g. a connection's `edges`; empty: the field itself. */
  sizedFields: readonly string[];
}

export interface InputWeights {
  /** `@cost` of the argument or input field, counted when a value is given. */
  cost: number;
  /** The named type under any list and non-null wrappers. */
  type: string;
  defaultValue: unknown;
}

export interface FieldWeights {
  type: string;
  list: boolean;
  /** `@cost`: replaces the cost of the field's type. */
  cost: number | undefined;
  listSize: ListSize | undefined;
  args: ReadonlyMap<string, InputWeights>;
}

/** What the supergraph says things cost: its `@cost` and `@listSize` directives and its types. */
export interface Weights {
  /** Object or interface type → its fields. */
  fields: ReadonlyMap<string, ReadonlyMap<string, FieldWeights>>;
  /** Input object type → its fields. */
  inputs: ReadonlyMap<string, ReadonlyMap<string, InputWeights>>;
  /** What a value of a named type costs: objects, interfaces and unions 1, scalars and enums 0, unless `@cost` says. */
  typeCost: ReadonlyMap<string, number>;
  /** Input types with a `@cost` somewhere inside: only their values are looked into. */
  costlyInputs: ReadonlySet<string>;
  /** The root type of each kind of operation. */
  rootTypes: Readonly<Record<'query' | 'mutation' | 'subscription', string>>;
}

const COST_SPEC = 'https://specs.apollo.dev/cost/';

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));
const isList = (type: TypeNode): boolean => type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && isList(type.type));

/**
 * The names the supergraph gives `@cost` and `@listSize`: as imported (maybe renamed), else the
 * spec's own (`@cost`, the spec's name, and `@cost__listSize`), as `@link` names them.
 */
function directiveNames(document: DocumentNode): { cost: string; listSize: string } {
  const names = { cost: 'cost', listSize: 'cost__listSize' };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      const argument = (name: string) => link.arguments?.find((a) => a.name.value === name)?.value;
      const url = argument('url');
      if (link.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.startsWith(COST_SPEC)) continue;
      const imports = argument('import');
      for (const entry of imports?.kind === Kind.LIST ? imports.values : []) {
        const value = valueFromASTUntyped(entry) as string | { name: string; as?: string };
        const [name, as] = typeof value === 'string' ? [value, value] : [value.name, value.as ?? value.name];
        if (name === '@cost') names.cost = as.slice(1);
        if (name === '@listSize') names.listSize = as.slice(1);
      }
    }
  }
  return names;
}

export function schemaWeights(supergraphSdl: string): Weights {
  const document = parse(supergraphSdl, { noLocation: true });
  const names = directiveNames(document);
  const directive = (directives: readonly ConstDirectiveNode[] | undefined, name: string) => {
    const found = directives?.find((d) => d.name.value === name);
    if (!found) return undefined;
    return Object.fromEntries((found.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)])) as Record<string, unknown>;
  };
  const costOf = (directives: readonly ConstDirectiveNode[] | undefined) => directive(directives, names.cost)?.['weight'] as number | undefined;
  const input = (value: InputValueDefinitionNode): InputWeights => ({
    cost: costOf(value.directives) ?? 0,
    type: namedType(value.type),
    defaultValue: value.defaultValue && valueFromASTUntyped(value.defaultValue as ConstValueNode),
  });
  const field = (definition: FieldDefinitionNode): FieldWeights => {
    const listSize = directive(definition.directives, names.listSize);
    return {
      type: namedType(definition.type),
      list: isList(definition.type),
      cost: costOf(definition.directives),
      listSize: listSize && {
        assumedSize: listSize['assumedSize'] as number | undefined,
        slicingArguments: (listSize['slicingArguments'] as string[] | undefined) ?? [],
        sizedFields: (listSize['sizedFields'] as string[] | undefined) ?? [],
      },
      args: new Map((definition.arguments ?? []).map((a) => [a.name.value, input(a)])),
    };
  };

  const fields = new Map<string, Map<string, FieldWeights>>();
  const inputs = new Map<string, Map<string, InputWeights>>();
  const typeCost = new Map<string, number>();
  const rootTypes = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };
  for (const definition of document.definitions) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
        typeCost.set(definition.name.value, costOf(definition.directives) ?? 1);
        fields.set(definition.name.value, new Map((definition.fields ?? []).map((f) => [f.name.value, field(f)])));
        break;
      case Kind.UNION_TYPE_DEFINITION:
        typeCost.set(definition.name.value, costOf(definition.directives) ?? 1);
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_DEFINITION:
        typeCost.set(definition.name.value, costOf(definition.directives) ?? 0);
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        inputs.set(definition.name.value, new Map((definition.fields ?? []).map((f) => [f.name.value, input(f)])));
        break;
      case Kind.SCHEMA_DEFINITION:
        for (const root of definition.operationTypes) rootTypes[root.operation] = root.type.name.value;
        break;
      default:
    }
  }
  return { fields, inputs, typeCost, costlyInputs: costlyInputs(inputs), rootTypes };
}

/** The input types that cost something when given: a `@cost` on a field, or inside one, however deep. */
function costlyInputs(inputs: ReadonlyMap<string, ReadonlyMap<string, InputWeights>>): Set<string> {
  const costly = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, fields] of inputs) {
      if (!costly.has(name) && [...fields.values()].some((f) => f.cost > 0 || costly.has(f.type))) {
        costly.add(name);
        grew = true;
      }
    }
  }
  return costly;
}
