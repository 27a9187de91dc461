import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { type AreaLoaders, lazyAreas, primeAfterWrite } from './loaders';

interface Row {
  id: string;
  listId: string;
  name: string;
}

/** Loaders over a table of rows, counting the batches each runs. */
function loadersOver(table: Row[]) {
  const batches = { byId: 0, byList: 0 };
  const byId = new DataLoader<string, Row | null>(async (ids) => {
    batches.byId++;
    return ids.map((id) => table.find((row) => row.id === id) ?? null);
  });
  const byList = new DataLoader<string, Row[]>(async (listIds) => {
    batches.byList++;
    return listIds.map((listId) => table.filter((row) => row.listId === listId));
  });
  return { byId, byList, batches };
}

describe('primeAfterWrite', () => {
  it('answers with the written row without a batch, and reads the lists that may hold it again', async () => {
    const table: Row[] = [{ id: 'a', listId: 'one', name: 'before' }];
    const { byId, byList, batches } = loadersOver(table);
    expect(await byId.load('a')).toMatchObject({ name: 'before' });
    expect(await byList.load('two')).toEqual([]);

    const written = { id: 'a', listId: 'two', name: 'after' };
    table[0] = written;
    expect(primeAfterWrite(byId, written, [byList])).toBe(written);

    expect(await byId.load('a')).toBe(written);
    expect(await byList.load('two')).toEqual([written]);
    expect(batches).toEqual({ byId: 1, byList: 2 });
  });

  it('forgets only the list of a key when given [loader, key]', async () => {
    const table: Row[] = [{ id: 'a', listId: 'one', name: 'before' }];
    const { byId, byList, batches } = loadersOver(table);
    await byList.loadMany(['one', 'two']);
    const written = { id: 'a', listId: 'one', name: 'after' };
    table[0] = written;
    primeAfterWrite(byId, written, [[byList, 'one']]);
    expect(await byList.loadMany(['one', 'two'])).toEqual([[written], []]);
    expect(batches).toEqual({ byId: 0, byList: 2 });
  });
});

describe('lazyAreas', () => {
  /** Two areas that count how often each is built, one bound to a viewer as privacy's loaders are. */
  function areas() {
    const builds = { rows: 0, viewer: 0 };
    const rows = (table: Row[]) => {
      builds.rows++;
      return loadersOver(table);
    };
    const viewer = (_table: Row[], viewerId: string) => {
      builds.viewer++;
      return { viewerId: new DataLoader<string, string>(async (ids) => ids.map((id) => `${viewerId}:${id}`)) };
    };
    const list = [rows, viewer] as const;
    // As a service declares its loaders: the request's arguments named, the areas' loaders typed.
    const create: (table: Row[], viewerId: string) => AreaLoaders<typeof list> = lazyAreas(list);
    return { builds, create };
  }

  it('builds an area when one of its loaders is first read, and once per request', async () => {
    const { builds, create } = areas();
    create([], 'v1'); // the first call learns the areas' keys by building each once
    builds.rows = builds.viewer = 0;

    const table: Row[] = [{ id: 'a', listId: 'one', name: 'first' }];
    const loaders = create(table, 'v2');
    expect(builds).toEqual({ rows: 0, viewer: 0 });
    expect(await loaders.byId.load('a')).toMatchObject({ name: 'first' });
    expect(await loaders.byList.load('one')).toHaveLength(1);
    expect(loaders.byId).toBe(loaders.byId);
    expect(builds).toEqual({ rows: 1, viewer: 0 });
    expect(await loaders.viewerId.load('x')).toBe('v2:x');
    expect(builds).toEqual({ rows: 1, viewer: 1 });
  });

  it('gives each request its own loaders, built from its own arguments', async () => {
    const { create } = areas();
    const one = create([{ id: 'a', listId: 'one', name: 'one' }], 'v1');
    const two = create([{ id: 'a', listId: 'one', name: 'two' }], 'v2');
    expect(one.byId).not.toBe(two.byId);
    expect(await one.byId.load('a')).toMatchObject({ name: 'one' });
    expect(await two.byId.load('a')).toMatchObject({ name: 'two' });
    expect([await one.viewerId.load('x'), await two.viewerId.load('x')]).toEqual(['v1:x', 'v2:x']);
  });
});
