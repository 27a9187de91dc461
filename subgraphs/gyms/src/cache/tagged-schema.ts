import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
} from 'graphql';
import type { Context } from '../context';
import { TAGGED_TYPES } from './cache-tags';

type Row = { id?: unknown } | null | undefined;
type Resolver = GraphQLFieldResolver<unknown, Context>;
type Resolved = Row | Row[] | Promise<Row | Row[]>;

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);
const then = <T>(value: T | Promise<T>, use: (resolved: T) => void): T | Promise<T> => {
  if (value instanceof Promise)
    return value.then((resolved) => {
      use(resolved);
      return resolved;
    });
  use(value);
  return value;
};

/** The `_entities` item a field sits under (its index), or undefined outside an entity query. */
function entityIndex(info: GraphQLResolveInfo): number | undefined {
  let path = info.path;
  let below: typeof path | undefined;
  while (path.prev) {
    below = path;
    path = path.prev;
  }
  return path.key === '_entities' && typeof below?.key === 'number' ? below.key : undefined;
}

/** The tagged type a root field lists or looks up: its own, or its connection's node type. */
function setOf(field: GraphQLField<unknown, unknown>): string | undefined {
  const named = getNamedType(field.type);
  if (TAGGED_TYPES.has(named.name)) return named.name;
  const edges = isObjectType(named) ? named.getFields()['edges'] : undefined;
  const edge = edges && getNamedType(edges.type);
  const node = edge && isObjectType(edge) ? edge.getFields()['node'] : undefined;
  const type = node && getNamedType(node.type).name;
  return type && TAGGED_TYPES.has(type) ? type : undefined;
}

/**
 * Wraps, once at start, the resolvers whose results the router's tags are made of, so no other
 * field pays for them (no `willResolveField` hook on every field):
 * - a field returning objects of a tagged type records `Type:id` for each (`_entities`: the type of
 *   each representation), for the answer or for the `_entities` item it sits under;
 * - a root list of a tagged type, and a root lookup of one that found nothing, record the type's
 *   own tag, which `setChanged` moves;
 * - a mutation field that succeeded without declaring what it changed marks the request
 *   `undeclared`, and the router then drops every entry (a forgotten declaration is never stale data).
 */
export function tagResolvers(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: Resolver = field.resolve ?? defaultFieldResolver;
      const named = getNamedType(field.type).name;
      if (type === mutation) {
        field.resolve = async (source, args, ctx, info) => {
          const declared = ctx.cacheTags.changes.length;
          const result = await resolve(source, args, ctx, info);
          if (ctx.cacheTags.changes.length === declared) ctx.cacheTags.undeclared = true;
          return result;
        };
      } else if (type === query && field.name === '_entities') {
        // Federation answers an array of each representation's (promised) object.
        field.resolve = (source, args, ctx, info) => {
          const representations = (args as { representations: { __typename?: string }[] }).representations;
          const tagged = (items: (Row | Promise<Row>)[]) =>
            items.map((item, i) =>
              then(item, (row) => {
                const typename = representations[i]?.__typename;
                if (row?.id && typename && TAGGED_TYPES.has(typename)) ctx.cacheTags.holds(`${typename}:${row.id}`, i);
              }),
            );
          const items = resolve(source, args, ctx, info) as (Row | Promise<Row>)[] | Promise<(Row | Promise<Row>)[]>;
          return items instanceof Promise ? items.then(tagged) : tagged(items);
        };
      } else if (type === query && setOf(field)) {
        const set = setOf(field) as string;
        const list = named !== set || isList(field.type);
        field.resolve = (source, args, ctx, info) =>
          then(resolve(source, args, ctx, info) as Resolved, (result) => {
            if (list || result == null) ctx.cacheTags.holds(set, undefined);
            // A connection's nodes are tagged by their edges' `node`.
            if (named === set) for (const row of Array.isArray(result) ? result : [result]) if (row?.id) ctx.cacheTags.holds(`${set}:${row.id}`, undefined);
          });
      } else if (TAGGED_TYPES.has(named)) {
        field.resolve = (source, args, ctx, info) =>
          then(resolve(source, args, ctx, info) as Resolved, (result) => {
            const index = entityIndex(info);
            for (const row of Array.isArray(result) ? result : [result]) if (row?.id) ctx.cacheTags.holds(`${named}:${row.id}`, index);
          });
      }
    }
  }
  return schema;
}
