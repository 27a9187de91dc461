import { createHash } from 'node:crypto';
import {
  buildASTSchema,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** How long a response (or an entity) may be kept, from Apollo's `@cacheControl` rules; 0: not at all. */
interface CachePolicy {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

interface Hint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
  inheritMaxAge?: boolean;
}

const NOT_CACHEABLE: CachePolicy = { maxAge: 0, scope: 'PUBLIC' };
const MEMO_LIMIT = 1_000;

const directiveArgs = (directives: readonly DirectiveNode[] | undefined, name: string) => {
  const directive = directives?.find((d) => d.name.value === name);
  return directive && Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
};
const hintOf = (node: { directives?: readonly DirectiveNode[] } | null | undefined): Hint => (directiveArgs(node?.directives, 'cacheControl') ?? {}) as Hint;
/** Federation's access directives: what they guard depends on who asks, so it is never public. */
const ACCESS_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy']);
const guarded = (node: { directives?: readonly DirectiveNode[] } | null | undefined) => node?.directives?.some((d) => ACCESS_DIRECTIVES.has(d.name.value)) ?? false;
const graphsOf = (directives: readonly DirectiveNode[] | undefined, name: string) =>
  (directives ?? []).filter((d) => d.name.value === name).map((d) => directiveArgs([d], name)?.['graph'] as string);

/**
 * Cache policies computed once per operation from the `@cacheControl` hints the gyms SDL declares
 * (composed into the supergraph), by Apollo's rules: a root field or a field returning an object
 * gets maxAge 0 unless it or its type has a hint; scalars inherit; PRIVATE anywhere makes it
 * private, and so does a field or type behind an access directive (`@authenticated`,
 * `@requiresScopes`, `@policy`), hinted or not. The router executes nothing itself, so it reads the hints statically, per document,
 * instead of Apollo's per-field hook. Only fields the `cacheableGraph` subgraph resolves count as
 * hinted: a field another subgraph contributes is never cached, whatever its type says.
 */
export function createCachePolicies(supergraphSdl: string, cacheableGraph: string, maxTtlSeconds: number) {
  const schema = buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true });
  const graph = cacheableGraph.toUpperCase();
  const owned = (type: GraphQLCompositeType, field: { astNode?: { directives?: readonly DirectiveNode[] } | null }) => {
    const fieldGraphs = graphsOf(field.astNode?.directives, 'join__field');
    return (fieldGraphs.length > 0 ? fieldGraphs : graphsOf(type.astNode?.directives, 'join__type')).includes(graph);
  };

  /** Restricts `policy` by every field under `selectionSet`, stopping once nothing is cacheable. */
  function walk(selectionSet: SelectionSetNode, type: GraphQLCompositeType, parentMaxAge: number, root: boolean, fragments: Map<string, FragmentDefinitionNode>, policy: CachePolicy): void {
    for (const selection of selectionSet.selections) {
      if (policy.maxAge === 0) return;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const field = 'getFields' in type ? type.getFields()[name] : undefined;
        if (!field || !owned(type, field)) {
          policy.maxAge = 0;
          return;
        }
        const target = getNamedType(field.type) as GraphQLNamedType;
        const composite = isCompositeType(target);
        const fieldHint = hintOf(field.astNode);
        const typeHint = composite ? hintOf(target.astNode) : {};
        const maxAge =
          fieldHint.maxAge ??
          (fieldHint.inheritMaxAge ? parentMaxAge : undefined) ??
          typeHint.maxAge ??
          (typeHint.inheritMaxAge || !(composite || root) ? parentMaxAge : 0);
        if ((fieldHint.scope ?? typeHint.scope) === 'PRIVATE' || guarded(field.astNode) || guarded(target.astNode)) policy.scope = 'PRIVATE';
        policy.maxAge = Math.min(policy.maxAge, maxAge);
        if (selection.selectionSet && composite) walk(selection.selectionSet, target, maxAge, false, fragments, policy);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (!condition || !isCompositeType(condition)) continue;
        walk(fragment.selectionSet, condition, parentMaxAge, root, fragments, policy);
      }
    }
  }

  const fragmentsOf = (document: DocumentNode) =>
    new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const capped = (policy: CachePolicy): CachePolicy => ({ maxAge: Math.min(policy.maxAge, maxTtlSeconds), scope: policy.scope });

  const operations = new WeakMap<DocumentNode, Map<string, CachePolicy>>();
  /** The policy of a client operation (a query; anything else is not cacheable). */
  function ofOperation(document: DocumentNode, operation: OperationDefinitionNode): CachePolicy {
    const name = operation.name?.value ?? '';
    const known = operations.get(document)?.get(name);
    if (known) return known;
    const queryType = schema.getQueryType();
    let policy = { ...NOT_CACHEABLE };
    if (operation.operation === 'query' && queryType) {
      policy = { maxAge: Number.POSITIVE_INFINITY, scope: 'PUBLIC' };
      walk(operation.selectionSet, queryType, 0, true, fragmentsOf(document), policy);
      policy = capped(policy);
    }
    if (!operations.has(document)) operations.set(document, new Map());
    operations.get(document)?.set(name, policy);
    return policy;
  }

  const entityQueries = new Map<string, { id: string; ttls: Map<string, number> } | null>();
  /**
   * For a subgraph `_entities` query the gateway wrote: an id for the query and the seconds each
   * entity type it asks for may be kept (types absent or 0: not cacheable); null for other queries.
   */
  function ofEntityQuery(query: string) {
    const known = entityQueries.get(query);
    if (known !== undefined) return known;
    if (entityQueries.size >= MEMO_LIMIT) entityQueries.clear();
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const entities = operation?.operation === 'query' && operation.selectionSet.selections.length === 1 ? operation.selectionSet.selections[0] : undefined;
    let result: { id: string; ttls: Map<string, number> } | null = null;
    if (entities?.kind === Kind.FIELD && entities.name.value === '_entities' && entities.selectionSet) {
      const fragments = fragmentsOf(document);
      const ttls = new Map<string, number>();
      for (const selection of entities.selectionSet.selections) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection.kind === Kind.INLINE_FRAGMENT ? selection : undefined;
        const type = fragment?.typeCondition && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || !isObjectType(type)) continue;
        const policy: CachePolicy = { maxAge: owned(type, {}) ? (hintOf(type.astNode).maxAge ?? 0) : 0, scope: guarded(type.astNode) ? 'PRIVATE' : (hintOf(type.astNode).scope ?? 'PUBLIC') };
        walk(fragment.selectionSet, type, policy.maxAge, false, fragments, policy);
        const { maxAge, scope } = capped(policy);
        ttls.set(type.name, scope === 'PUBLIC' ? Math.min(maxAge, ttls.get(type.name) ?? maxAge) : 0);
      }
      result = { id: createHash('sha256').update(query).digest('base64url').slice(0, 22), ttls };
    }
    entityQueries.set(query, result);
    return result;
  }

  return { ofOperation, ofEntityQuery };
}

export type CachePolicies = ReturnType<typeof createCachePolicies>;
