import DataLoader from 'dataloader';

/** Results in key order, null for a key no row has: the contract of a DataLoader batch. */
export function one<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** Rows grouped per key in key order (the query's order kept inside a group), [] for none. */
export function many<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(keyOf(row))?.push(row);
  return keys.map((key) => byKey.get(key) ?? []);
}

/** A loader of one row per key (`keyOf` a row gives its key), null for a key no row has: one query a batch. */
export const oneLoader = <R, K = string>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R | null> =>
  new DataLoader<K, R | null>(async (keys) => one(keys, await fetch(keys), keyOf));

/** A loader of a list per key (the rows `keyOf` gives that key, in the query's order): one query a batch. */
export const manyLoader = <R, K = string>(fetch: (keys: readonly K[]) => Promise<R[]>, keyOf: (row: R) => K): DataLoader<K, R[]> =>
  new DataLoader<K, R[]>(async (keys) => many(keys, await fetch(keys), keyOf));

/**
 * A loader whose keys share one query per group (the same period, filter, page size, user ...):
 * the stats of a page of users for one period, or the routes of many gyms under one filter, are
 * one statement. `load` answers one group's keys in their order. Keys are told apart by
 * `cacheKey`, so an object key asked twice in a request is loaded once.
 */
export function groupedLoader<K, V>(options: {
  cacheKey: (key: K) => string;
  group: (key: K) => string;
  load: (keys: K[]) => Promise<V[]>;
}): DataLoader<K, V, string> {
  const { cacheKey, group, load } = options;
  return new DataLoader<K, V, string>(
    async (keys) => {
      // The positions in `keys` of each group's members, so answers go straight back into place.
      const groups = new Map<string, number[]>();
      keys.forEach((key, i) => {
        const name = group(key);
        const members = groups.get(name);
        if (members) members.push(i);
        else groups.set(name, [i]);
      });
      const results = new Array<V>(keys.length);
      await Promise.all(
        [...groups.values()].map(async (members) => {
          const values = await load(members.map((i) => keys[i]!));
          members.forEach((keyIndex, i) => {
            results[keyIndex] = values[i]!;
          });
        }),
      );
      return results;
    },
    { cacheKeyFn: cacheKey },
  );
}

type Area<Args extends unknown[]> = (...args: Args) => object;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every area's loaders in one object, as if they had been spread into it. */
// Any arguments: only what the areas return matters here.
export type AreaLoaders<Areas extends readonly ((...args: any[]) => object)[]> = Intersection<ReturnType<Areas[number]>>;

const AREA_ARGS = Symbol('area arguments');

/**
 * A service's per-request loaders, each area's (logbook, social, ...) built the first time one of
 * its loaders is read: a request uses one or two areas, and building the users subgraph's ~60
 * DataLoaders for every request took about 0.2 ms of its CPU (a logbook's whole request: 2-3 ms).
 * The object reads as the areas spread into one (`loaders.sessionById`); its loaders are getters
 * until first read, so it is not for spreading or listing. The keys each area makes are learnt
 * from the first call, which builds every area once.
 */
export function lazyAreas<Args extends unknown[], const Areas extends readonly Area<Args>[]>(areas: Areas): (...args: Args) => AreaLoaders<Areas> {
  let prototype: object | undefined;
  const learn = (args: Args) => {
    const getters: PropertyDescriptorMap = {};
    for (const area of areas) {
      for (const key of Object.keys(area(...args))) {
        getters[key] = {
          get(this: Record<string | symbol, unknown>) {
            // Own data properties from now on: the area's other loaders are read without a getter.
            const built = area(...(this[AREA_ARGS] as Args)) as Record<string, unknown>;
            for (const [name, loader] of Object.entries(built)) Object.defineProperty(this, name, { value: loader, enumerable: true });
            return built[key];
          },
        };
      }
    }
    return Object.create(null, getters) as object;
  };
  return (...args) => {
    prototype ??= learn(args);
    return Object.create(prototype, { [AREA_ARGS]: { value: args } }) as AreaLoaders<Areas>;
  };
}

/**
 * After a write: the request's loader answers with the written row, not a stale or missing one.
 * Keyed by the row's id, or by `key` for a loader of another key (a user's rating of a route).
 */
export function prime<T extends { id: string }>(loader: DataLoader<string, T | null>, row: T): T;
export function prime<K, T, C>(loader: DataLoader<K, T | null, C>, row: T, key: K): T;
export function prime<K, T, C>(loader: DataLoader<K, T | null, C>, row: T, key?: K): T {
  const k = key ?? ((row as { id: K }).id);
  loader.clear(k).prime(k, row);
  return row;
}

/** A list loader a write may have changed: all of its lists, or the one list of `key` ([loader, key]). */
type StaleLists = { clearAll(): unknown } | readonly [loader: { clear(key: any): unknown }, key: unknown];

/**
 * After a write that may move a row into or out of lists (a climb logged in a session, a wall added
 * to a gym): `loader` answers with the written row, as `prime`, and the lists in `stale` forget
 * what they hold (one key's, or every key's where the keys carry filters), so a list read later in
 * the request is read again and holds the row as written.
 */
export function primeAfterWrite<T extends { id: string }>(loader: DataLoader<string, T | null>, row: T, stale: readonly StaleLists[]): T {
  for (const lists of stale) {
    if ('clearAll' in lists) lists.clearAll();
    else lists[0].clear(lists[1]);
  }
  return prime(loader, row);
}

/** A relation the foreign keys guarantee; a miss means a broken database, not a client error. */
export function present<T>(row: T | null | undefined, what: string): T {
  if (row === null || row === undefined) throw new Error(`${what} is missing`);
  return row;
}

/**
 * Wraps housekeeping (pruning expired rows) so that it runs at most once per `intervalMs` per
 * process, however often it is called; a failure is the caller's to log, and the next call after
 * the interval tries again.
 */
export function atMostEvery(intervalMs: number, task: () => Promise<void>): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    await task();
  };
}
