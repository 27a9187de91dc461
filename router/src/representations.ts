import type { GraphQLDataSource } from '@apollo/gateway';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
type Variables = Record<string, unknown>;

/** An `_entities` request with each distinct representation once, and where each original one went. */
export interface DistinctRepresentations {
  variables: Variables;
  /** For each representation the gateway sent, its index among the distinct ones. */
  positions: number[];
}

/**
 * What tells representations apart: most are a type and an id, told apart without serialising
 * them; any other is its JSON (the gateway builds every representation of a fetch in the same
 * field order, so equal ones are equal JSON).
 */
function keyOf(representation: unknown): string {
  const { __typename, id } = (representation ?? {}) as { __typename?: unknown; id?: unknown };
  if (typeof __typename === 'string' && typeof id === 'string' && Object.keys(representation as object).length === 2) return `${__typename}\u0000${id}`;
  return JSON.stringify(representation);
}

/**
 * The gateway sends one representation per place an entity takes in the response: a logbook's 60
 * climbs on 18 routes ask for 60 routes, each looked up in the entity cache, parsed from it (or
 * resolved by the subgraph) on its own. The Apollo Router sends each distinct one once; so do we.
 * Undefined when there is nothing to fold (no representations, or all distinct).
 */
export function distinctRepresentations(variables: Variables | undefined): DistinctRepresentations | undefined {
  const representations = variables?.['representations'];
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const indexOf = new Map<string, number>();
  const distinct: unknown[] = [];
  const positions = representations.map((representation) => {
    const key = keyOf(representation);
    let index = indexOf.get(key);
    if (index === undefined) {
      index = distinct.push(representation) - 1;
      indexOf.set(key, index);
    }
    return index;
  });
  if (distinct.length === representations.length) return undefined;
  return { variables: { ...variables, representations: distinct }, positions };
}

/**
 * The answer to the distinct representations, as the answer to the ones the gateway sent: each
 * place gets its entity (one object shared by the places of one entity; the gateway only reads it
 * and applies idempotent rewrites to it), and an error on a distinct entity is reported at every
 * place that entity takes.
 */
export function spreadEntities(response: GatewayResponse, positions: readonly number[]): GatewayResponse {
  const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
  const spread: Partial<GatewayResponse> = {};
  if (Array.isArray(entities)) spread.data = { ...response.data, _entities: positions.map((i) => entities[i] ?? null) };
  if (response.errors) {
    const places = new Map<number, number[]>();
    positions.forEach((distinct, place) => {
      const list = places.get(distinct);
      if (list) list.push(place);
      else places.set(distinct, [place]);
    });
    spread.errors = response.errors.flatMap((error) => {
      const [root, index, ...rest] = error.path ?? [];
      if (root !== '_entities' || typeof index !== 'number') return [error];
      return (places.get(index) ?? [index]).map((place) => ({ ...error, path: ['_entities', place, ...rest] }));
    });
  }
  return { ...response, ...spread } as GatewayResponse;
}
