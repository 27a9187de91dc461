import {
  buildASTSchema,
  type DirectiveNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  parse,
  valueFromASTUntyped,
} from 'graphql';

/**
 * What one schema element (a field, or a type every field returning it inherits) asks of a
 * request, from federation's access directives: `@authenticated`; `@requiresScopes(scopes:)` and
 * `@policy(policies:)`, each an OR of AND-sets. Every requirement that applies must hold.
 */
export interface Requirement {
  authenticated: boolean;
  scopes: readonly (readonly string[])[][];
  policies: readonly (readonly string[])[][];
}

/** What the request brings: a verified token or not, its scopes, the policies that passed. */
export interface Claims {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
  policies: ReadonlySet<string>;
}

const listArg = (directive: DirectiveNode, name: string): string[][] => {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value ? (valueFromASTUntyped(value) as string[][]) : [];
};

function requirementOf(directives: readonly DirectiveNode[] | undefined): Requirement | undefined {
  const requirement: Requirement = { authenticated: false, scopes: [], policies: [] };
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name === 'authenticated') requirement.authenticated = true;
    else if (name === 'requiresScopes') requirement.scopes = [...requirement.scopes, listArg(directive, 'scopes')];
    else if (name === 'policy') requirement.policies = [...requirement.policies, listArg(directive, 'policies')];
  }
  const { authenticated, scopes, policies } = requirement;
  return authenticated || scopes.length > 0 || policies.length > 0 ? requirement : undefined;
}

const anyAllOf = (sets: readonly (readonly string[])[], held: ReadonlySet<string>) => sets.some((set) => set.every((item) => held.has(item)));

/** Whether `claims` meet every requirement. */
export function allows(requirements: readonly Requirement[], claims: Claims): boolean {
  return requirements.every(
    (r) =>
      (!r.authenticated || claims.authenticated) &&
      r.scopes.every((sets) => anyAllOf(sets, claims.scopes)) &&
      r.policies.every((sets) => anyAllOf(sets, claims.policies)),
  );
}

export interface AccessRules {
  schema: GraphQLSchema;
  /** The requirements of selecting `field` on `parent` (its own, its type's, and on an abstract parent every implementation's). */
  ofField(parent: GraphQLNamedType, fieldName: string): readonly Requirement[];
  /** The requirements of a type condition (`... on T`). */
  ofType(type: GraphQLNamedType): readonly Requirement[];
  /** Every policy name the supergraph uses. */
  policyNames: ReadonlySet<string>;
  /** Whether anything in the supergraph is restricted at all. */
  any: boolean;
}

const NONE: readonly Requirement[] = [];

/** Reads the access directives of a supergraph (the composed SDL, with its links) once. */
export function accessRules(supergraphSdl: string): AccessRules {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const typeRequirements = new Map<string, Requirement>();
  const fieldRequirements = new Map<string, readonly Requirement[]>();
  const policyNames = new Set<string>();
  const note = (requirement: Requirement | undefined) => {
    for (const sets of requirement?.policies ?? []) for (const set of sets) for (const name of set) policyNames.add(name);
    return requirement;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    const requirement = note(requirementOf(type.astNode?.directives));
    if (requirement) typeRequirements.set(type.name, requirement);
  }
  const own = (field: GraphQLField<unknown, unknown>): Requirement[] => {
    const mine = note(requirementOf(field.astNode?.directives));
    const returned = typeRequirements.get(getNamedType(field.type).name);
    return [...(mine ? [mine] : []), ...(returned ? [returned] : [])];
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const implementations = isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
      const all = [...own(field), ...implementations.flatMap((impl) => (impl.getFields()[field.name] ? own(impl.getFields()[field.name]!) : []))];
      if (all.length > 0) fieldRequirements.set(`${type.name}.${field.name}`, all);
    }
  }
  return {
    schema,
    ofField: (parent, fieldName) =>
      fieldRequirements.get(`${parent.name}.${fieldName}`) ??
      (isAbstractType(parent) ? schema.getPossibleTypes(parent).flatMap((impl) => fieldRequirements.get(`${impl.name}.${fieldName}`) ?? []) : NONE),
    ofType: (type) => {
      const requirement = typeRequirements.get(type.name);
      return requirement ? [requirement] : NONE;
    },
    policyNames,
    any: typeRequirements.size > 0 || fieldRequirements.size > 0,
  };
}
