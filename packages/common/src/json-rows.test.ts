import { boolean, integer, pgEnum, pgTable, PgDialect, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { jsonRows } from './json-rows';

const mood = pgEnum('mood', ['GOOD', 'BAD']);
const climb = pgTable('climb', {
  id: uuid('id').primaryKey(),
  attempts: integer('attempts').notNull(),
  sent: boolean('sent').notNull(),
  mood: mood('mood'),
  notes: text('notes'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

describe('jsonRows', () => {
  const rows = jsonRows(climb);

  it('builds a row as a JSON array of every column, in the table’s order', () => {
    expect(new PgDialect().sqlToQuery(rows.row).sql).toBe(
      'json_build_array("climb"."id", "climb"."attempts", "climb"."sent", "climb"."mood", "climb"."notes", "climb"."created_at")',
    );
  });

  it('decodes json_agg’s arrays into the rows drizzle maps, whether the driver parsed the JSON or not', () => {
    const agg = [['c1', 3, true, 'GOOD', null, '2026-12-07T03:30:00.123456+01:00']];
    const expected = [{ id: 'c1', attempts: 3, sent: true, mood: 'GOOD', notes: null, createdAt: new Date('2026-12-07T02:30:00.123Z') }];
    expect(rows.decode(agg)).toEqual(expected);
    expect(rows.decode(JSON.stringify(agg))).toEqual(expected);
    expect(rows.decode([])).toEqual([]);
    expect(rows.decode(null)).toBeNull();
  });
});
