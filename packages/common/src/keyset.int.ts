import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { type KeysetCursor, keysetPages } from './keyset';

const items = pgTable('keyset_items', {
  id: uuid('id').primaryKey(),
  parentId: uuid('parent_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
});

describe('keysetPages', () => {
  const client = new PGlite();
  const db = drizzle(client);
  afterAll(() => client.close());
  const pages = keysetPages(items, { parent: items.parentId, time: items.createdAt, id: items.id }, 'keyset_items_first_pages');

  it('pages rows of one microsecond timestamp (a batch with one now()) by a millisecond cursor, each row once', async () => {
    await db.execute(sql`create table keyset_items (id uuid primary key, parent_id uuid not null, created_at timestamptz not null)`);
    const parentId = randomUUID();
    const ids = Array.from({ length: 30 }, () => randomUUID());
    // Microseconds the cursor (a JavaScript Date) cannot hold.
    await db.insert(items).values(ids.map((id) => ({ id, parentId, createdAt: sql`'2026-03-01 10:00:00.123456+00'::timestamptz` as unknown as Date })));
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: KeysetCursor | null = null;
    do {
      const rows = await pages(db, [parentId], 21, after);
      const page = rows.slice(0, 20);
      seen.push(...page.map((row) => row.id));
      sizes.push(page.length);
      const last = page.at(-1);
      after = rows.length > 20 && last ? { time: last.createdAt, id: last.id } : null;
    } while (after && sizes.length < 5);
    expect(sizes).toEqual([20, 10]);
    expect(seen).toEqual(ids.toSorted().reverse());
  });
});
