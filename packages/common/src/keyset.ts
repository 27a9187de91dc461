import type DataLoader from 'dataloader';
import { and, asc, eq, getTableColumns, type Placeholder, type SQL, type Subquery, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type Database, preparedPerDatabase } from './db';
import { groupedLoader, many } from './loaders';
import { type Connection, pageSize, parseAfter, toConnection, type PageArgs } from './relay';

// Pages of one parent's rows newest first (a user's sessions, a route's ratings), by a keyset:
// the time rows are ordered by, and the id that orders rows of the same time. Pages stay stable
// while rows are added, and the first pages of many parents are one statement.

/** A position in one parent's rows newest first. */
export interface KeysetCursor {
  time: Date;
  id: string;
}

/**
 * One page of one parent's rows: `limit` is the page size plus one, to tell whether more follow.
 * `allowed` is what a page of this key passes its statement as the `allowed` placeholder (the
 * visibilities a reader may see), so that keys allowing the same share one statement.
 */
interface PageKey {
  parentId: string;
  limit: number;
  after: KeysetCursor | null;
  allowed?: readonly string[] | undefined;
}

/** The columns a keyset orders by: rows of `parent`, newest `time` first, `id` among equals. */
interface KeysetColumns {
  parent: PgColumn;
  time: PgColumn;
  id: PgColumn;
}

// biome-ignore lint/suspicious/noExplicitAny: any service's database; the rows are typed by the table.
type AnyDatabase = Database<any>;

/** Each parent's page of rows numbered newest first, as a subquery: what a statement of pages selects from. */
export interface RankedRows<T extends PgTable> {
  ranked: Subquery;
  /** The subquery's columns: rows of the table. */
  row: T['_']['columns'];
  parent: PgColumn;
  /** A row's place in its parent's rows after the position, 1 for the newest; at most `limit`. */
  rank: PgColumn;
  /** The page size plus one (the placeholder every call passes). */
  limit: Placeholder;
  /** On every row, `ofParent`'s value for the row's parent (null without that option). */
  ofParent: PgColumn;
}

/** A statement of pages (built on `RankedRows`), as drizzle's select builder is one. */
interface PageStatement<R> {
  execute(values: Record<string, unknown>): Promise<R[]>;
  prepare(name: string): { execute(values: Record<string, unknown>): Promise<R[]> };
}

/**
 * The SQL of pages of many parents at once: up to `limit` rows of each parent after a keyset
 * position, newest first, in ONE statement whatever the number of parents. Each parent's page is
 * read on its own (a lateral subquery over the parents' ids, ordered and limited over a
 * (parent, time desc, id desc) index), so a page costs its own rows whatever the parent's
 * history. First pages, which every listing starts with, are named prepared statements (one for a
 * single parent, one for many). `where` leaves rows out before they are paged (so a page is still
 * full); it may name `sql.placeholder`s, whose values each call passes as `params`. `select` makes
 * the statement from the numbered rows: by default the pages' rows, grouped by parent, each
 * parent's newest first; a store that reads more along with its pages (the children of a page's
 * rows) joins it here, so the paging itself is written once. `ofParent` is a value read once per
 * parent (the parent's own row, say), from its id: `select` finds it on each of the parent's rows.
 */
export function keysetPages<T extends PgTable, R = T['$inferSelect']>(
  table: T,
  columns: KeysetColumns,
  statementName: string,
  options: { where?: SQL; select?: (db: AnyDatabase, rows: RankedRows<T>) => PageStatement<R>; ofParent?: (parentId: SQL) => SQL } = {},
) {
  const tableColumns = getTableColumns(table as PgTable) as Record<string, PgColumn>;
  const keyOf = (column: PgColumn, role: string) => {
    const key = Object.entries(tableColumns).find(([, candidate]) => candidate === column)?.[0];
    if (!key) throw new Error(`keysetPages ${statementName}: the ${role} column is not a column of the table`);
    return key;
  };
  const [parentKey, timeKey, idKey] = [keyOf(columns.parent, 'parent'), keyOf(columns.time, 'time'), keyOf(columns.id, 'id')];
  const limit = sql.placeholder('limit');
  // The parents' ids as a table to join each parent's page to, typed as the parent column is. One
  // parent (a climber's own logbook, a route's ratings: most pages) is a one-row table, whose plan
  // is the same for every id, so Postgres plans its prepared statement once (a generic plan). Over
  // unnest, which it expects to give 10 rows, a generic plan looks 10 times dearer than one made for
  // the call's own array, and every call is planned again, which costs as much as running it.
  const parentType = sql.raw(columns.parent.getSQLType());
  const parentsOf = (one: boolean) => {
    const ids = one ? sql`(values (${sql.placeholder('parentId')}::${parentType}))` : sql`unnest(${sql.placeholder('parentIds')}::${parentType}[])`;
    const { ofParent } = options;
    if (!ofParent) return sql`${ids} as "keyset_parents"("id")`;
    // OFFSET 0 keeps Postgres from folding the parents into the rows joined to them: over many
    // parents it would then read the value, and weigh it in the plan, once per row, not per parent.
    return sql`(select "ids"."id", ${ofParent(sql`"ids"."id"`)} as "of_parent" from ${ids} as "ids"("id") offset 0) as "keyset_parents"`;
  };
  const pageRows = (db: AnyDatabase, { ranked, row, parent, rank }: RankedRows<T>) =>
    db.select(row).from(ranked).orderBy(asc(parent), asc(rank)) as unknown as PageStatement<R>;
  const select = options.select ?? pageRows;
  const statement = (db: AnyDatabase, position: SQL | undefined, one: boolean) => {
    // A plain top-N per parent, which the index answers with its first `limit` entries; numbered
    // outside it (a window function inside would have the planner weigh reading them all). The
    // order is the index's as drizzle-kit writes `.desc()` (NULLS LAST; Postgres' DESC alone is
    // NULLS FIRST, which that index cannot give): the columns are NOT NULL, so only the plan differs.
    const page = db
      .select(tableColumns)
      .from(table as PgTable)
      .where(and(eq(columns.parent, sql`"keyset_parents"."id"`), position, options.where))
      .orderBy(sql`${columns.time} desc nulls last`, sql`${columns.id} desc nulls last`)
      .limit(limit)
      .as('keyset_page');
    const paged = page as unknown as Record<string, PgColumn>;
    const ranked = db
      .select({
        ...page._.selectedFields,
        rank: sql<number>`row_number() over (partition by ${paged[parentKey]} order by ${paged[timeKey]} desc, ${paged[idKey]} desc)`.as('rank'),
        ofParent: (options.ofParent ? sql`"keyset_parents"."of_parent"` : sql`null`).as('of_parent'),
      })
      .from(parentsOf(one))
      .crossJoinLateral(page)
      .as('ranked');
    // The subquery's columns but its rank and parent's value: rows of the table, as a store hands them back.
    const { rank, ofParent, ...row } = ranked._.selectedFields as unknown as Record<string, PgColumn>;
    return select(db, { ranked, row: row as T['_']['columns'], parent: row[parentKey]!, rank: rank!, limit, ofParent: ofParent! });
  };
  const firstPages = preparedPerDatabase((db: AnyDatabase) => statement(db, undefined, false).prepare(statementName));
  const firstPagesOfOne = preparedPerDatabase((db: AnyDatabase) => statement(db, undefined, true).prepare(`${statementName}_one`));
  return async (db: AnyDatabase, parentIds: readonly string[], limit: number, after: KeysetCursor | null, params: Record<string, unknown> = {}): Promise<R[]> => {
    const one = parentIds.length === 1;
    const values = { ...params, ...(one ? { parentId: parentIds[0] } : { parentIds }), limit };
    if (!after) return await (one ? firstPagesOfOne : firstPages)(db).execute(values);
    const position = sql`(${columns.time}, ${columns.id}) < (${after.time.toISOString()}::timestamptz, ${after.id}::uuid)`;
    return await statement(db, position, one).execute(values);
  };
}

const pageGroup = (key: PageKey) => `${key.limit}|${key.after ? `${key.after.time.toISOString()}|${key.after.id}` : ''}|${key.allowed?.join(',') ?? ''}`;

/**
 * Pages with the same size and cursor share one query, so a first page for many parents is one
 * query: `fetch` returns the rows of every parent asked for (`keysetPages`), each parent's in page order.
 */
export function keysetPageLoader<R>(
  fetch: (parentIds: string[], limit: number, after: KeysetCursor | null, allowed?: readonly string[]) => Promise<R[]>,
  parentOf: (row: R) => string,
): DataLoader<PageKey, R[], string> {
  return groupedLoader<PageKey, R[]>({
    cacheKey: (key) => `${key.parentId}|${pageGroup(key)}`,
    group: pageGroup,
    load: async (keys) => {
      const parentIds = keys.map((key) => key.parentId);
      return many(parentIds, await fetch(parentIds, keys[0]!.limit, keys[0]!.after, keys[0]!.allowed), parentOf);
    },
  });
}

const cursorKey = z.tuple([z.iso.datetime(), z.uuid()]);

/** The key of a keyset cursor: a row's time (to the millisecond) and id, for `toConnection`/`encodeCursor`. */
export const keysetKey = (time: Date, id: string): [string, string] => [time.toISOString(), id];

/** The position an `after` cursor made by `keysetKey` names; null without one, BAD_USER_INPUT on `after` when it is not one. */
export function parseKeysetAfter(after: string | null | undefined): KeysetCursor | null {
  const key = parseAfter(after, cursorKey);
  return key && { time: new Date(key[0]), id: key[1] };
}

/** A page of one parent's rows newest first by (`timeOf`, id), as a Relay connection. */
export async function keysetConnection<R extends { id: string }>(
  loader: DataLoader<PageKey, R[], string>,
  timeOf: (row: R) => Date,
  parentId: string,
  args: PageArgs,
  allowed?: readonly string[],
): Promise<Connection<R>> {
  const size = pageSize(args.first);
  const after = parseKeysetAfter(args.after);
  const rows = await loader.load({ parentId, limit: size + 1, after, allowed });
  return toConnection(rows, size, (row) => keysetKey(timeOf(row), row.id), after !== null);
}
