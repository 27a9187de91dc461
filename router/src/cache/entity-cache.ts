import type { GraphQLDataSource } from '@apollo/gateway';
import type { RouterContext } from '../context';
import type { RouterMetrics } from '../metrics';
import { decodeEntry, encodeEntry } from './entry';
import type { Generation } from './generation';
import type { CachePolicies } from './policy';
import type { CacheStore } from './store';
import type { TagVersions } from './tags';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
type Representation = { __typename?: unknown; id?: unknown };
type Send = (variables: Record<string, unknown>) => Promise<GatewayResponse>;

/**
 * Caches the answers of one subgraph's `_entities` queries per representation, the way the Apollo
 * Router's entity cache does: representations it holds are answered from the store, and the
 * subgraph is asked only for the rest (in one request). An entry is keyed by the generation, the
 * query (the fields asked for) and the representation; the forwarded identity is not part of it, so
 * only entity types whose fields are the same for every viewer may be hinted (the gyms SDL). It
 * carries the tags the subgraph reported for it (`entityCacheTags`: itself and what it holds) and
 * is a miss once one of them changed (tags.ts); a request's response entry inherits them.
 */
export class EntityCache {
  constructor(
    private readonly policies: CachePolicies,
    private readonly store: CacheStore,
    private readonly generation: Generation,
    private readonly versions: TagVersions,
    private readonly metrics: RouterMetrics,
    private readonly keyPrefix: string,
  ) {}

  /** Whether every representation asked for is of an entity type the hints make cacheable. */
  handles(query: string, variables: Record<string, unknown> | undefined): boolean {
    const representations = variables?.['representations'];
    if (!Array.isArray(representations) || this.generation.current() === undefined) return false;
    const ttls = this.policies.ofEntityQuery(query)?.ttls;
    return !!ttls && representations.every((r: Representation) => (ttls.get(String(r?.__typename)) ?? 0) > 0);
  }

  async resolve(query: string, variables: Record<string, unknown>, context: RouterContext, send: Send): Promise<GatewayResponse> {
    const generation = this.generation.current();
    const policy = this.policies.ofEntityQuery(query);
    if (generation === undefined || !policy) return send(variables);
    const stamp = this.versions.stamp();
    const { id, ttls } = policy;
    const { representations, ...others } = variables as { representations: Representation[] };
    const scope = `${this.keyPrefix}e:${generation}:${id}:${Object.keys(others).length > 0 ? JSON.stringify(others) : ''}:`;
    const keys = representations.map((representation) => scope + JSON.stringify(representation));
    const entities: unknown[] = [];
    const misses: number[] = [];
    (await this.store.getMany(keys)).forEach((stored, i) => {
      const entry = stored === undefined ? undefined : decodeEntry(stored);
      if (!entry || !this.versions.fresh(entry.tags, entry.stamp)) {
        entities.push(null);
        misses.push(i);
        return;
      }
      entities.push(JSON.parse(entry.value));
      for (const tag of entry.tags) context.cacheTags?.add(tag);
    });
    this.metrics.entityHits.inc(keys.length - misses.length);
    if (misses.length > 0) this.metrics.entityMisses.inc(misses.length);
    if (misses.length === 0) return { data: { _entities: entities } };

    const response = await send({ ...variables, representations: misses.map((i) => representations[i]) });
    const fetched = ((response.data as { _entities?: unknown[] } | null | undefined)?._entities ?? []) as unknown[];
    const tagsOf = response.extensions?.['entityCacheTags'] as string[][] | undefined;
    if (response.extensions) delete response.extensions['entityCacheTags'];
    const erred = new Set<number>();
    let unplaced = false;
    const errors = response.errors?.map((error) => {
      const [root, index, ...rest] = error.path ?? [];
      if (root !== '_entities' || typeof index !== 'number') {
        unplaced = true;
        return error;
      }
      erred.add(index);
      return { ...error, path: ['_entities', misses[index] ?? index, ...rest] };
    });
    misses.forEach((i, j) => {
      const entity = fetched[j] ?? null;
      entities[i] = entity;
      const tags = tagsOf?.[j];
      // What the answer holds is unknown without its tags: the response holding it is not kept either.
      if (!tags) context.cacheTags = undefined;
      for (const tag of tags ?? []) context.cacheTags?.add(tag);
      // Only complete, tagged answers are kept: no error anywhere near them, nothing missing, nothing changed meanwhile.
      const ttl = ttls.get(String(representations[i]?.__typename)) ?? 0;
      if (!tags || entity === null || unplaced || erred.has(j) || ttl <= 0 || !this.versions.fresh(tags, stamp)) return;
      this.store.set(keys[i] as string, encodeEntry(stamp, tags, JSON.stringify(entity)), ttl);
    });
    return { ...response, data: { _entities: entities }, ...(errors && { errors }) } as GatewayResponse;
  }
}
