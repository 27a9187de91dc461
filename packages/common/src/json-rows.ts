import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * A table's rows as JSON arrays inside another statement, and back: a parent's children in one
 * column of the parent's row rather than a joined row per child. drizzle maps a joined row column
 * by column through its generic mapper, the parent's columns again for every child; this decodes
 * each child once, with each column's own decoder (dates, enums, numbers), into exactly the row
 * drizzle's select would have given.
 */
export function jsonRows<T extends PgTable>(table: T) {
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  return {
    /** One row as `json_build_array` of every column, in the table's order (inside a statement over the table itself). */
    row: sql`json_build_array(${sql.join(
      columns.map(([, column]) => column),
      sql`, `,
    )})` as SQL,
    /** The rows of a `json_agg` of `row`, as the driver hands it over (parsed, or the JSON text); null stays null. */
    decode(value: unknown): T['$inferSelect'][] | null {
      if (value === null || value === undefined) return null;
      const arrays = (typeof value === 'string' ? JSON.parse(value) : value) as unknown[][];
      return arrays.map((values) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) {
          const [key, column] = columns[i]!;
          const raw = values[i];
          row[key] = raw === null || raw === undefined ? null : column.mapFromDriverValue(raw);
        }
        return row as T['$inferSelect'];
      });
    },
  };
}
