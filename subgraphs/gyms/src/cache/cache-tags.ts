/**
 * The entity types whose objects the router caches: every object of these types a query answer
 * holds is reported to the router as a tag `Type:id`, and every write declares the ones it changed.
 */
export const TAGGED_TYPES = new Set(['Gym', 'Route', 'Wall', 'GradeSystem', 'Grade']);

/** One change a mutation declares, in the Apollo Router's `invalidation` extension format. */
export type Invalidation =
  | { kind: 'entity'; subgraph: 'gyms'; type: string; key: { id: string } }
  | { kind: 'type'; subgraph: 'gyms'; type: string }
  | { kind: 'subgraph'; subgraph: 'gyms' };

/**
 * What one request read and changed, for the router's caches (docs/caching.md): a query's answer
 * carries the tags of the objects it holds (per `_entities` index for an entity query), a
 * mutation's the entities it changed. Filled by the tagged resolvers (tagged-schema.ts) and the
 * entity modules, sent by the plugin (plugin.ts). New per request.
 */
export class CacheTags {
  /** Tags of the objects a root query read. */
  readonly read = new Set<string>();
  /** Tags of the objects under each `_entities` representation, by index. */
  readonly entities: Set<string>[] = [];
  readonly changes: Invalidation[] = [];
  /** A mutation field ran without declaring anything: the router must assume anything changed. */
  undeclared = false;

  /** Declares that this request changed the entity `type` with this id (fields, or the lists under it). */
  changed(type: string, ...ids: (string | null | undefined)[]): void {
    for (const id of ids) if (id) this.changes.push({ kind: 'entity', subgraph: 'gyms', type, key: { id } });
  }

  /**
   * Declares that the set of `type`'s entities changed: one was added, left the root lists, or
   * changed what they filter or sort by. Entries of root lists of the type, and of lookups that
   * found nothing, carry the type's own tag.
   */
  setChanged(type: string): void {
    this.changes.push({ kind: 'type', subgraph: 'gyms', type });
  }

  /** Records that the answer (or its `_entities` item `index`) holds what `tag` names. */
  holds(tag: string, index: number | undefined): void {
    if (index === undefined) return void this.read.add(tag);
    this.entities[index] ??= new Set();
    this.entities[index].add(tag);
  }
}
