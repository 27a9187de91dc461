import DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { primeAfterWrite } from './loaders';

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
