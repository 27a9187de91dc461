import { type Database, executeRows } from '@clmb/common';
import { sql } from 'drizzle-orm';

/**
 * Statement counting for one request: leaves out what a service runs beside any request (the
 * users service polls `users.token_revocation` every 2 s, and after it starts looks for climbs
 * without a frozen grade), which would otherwise land in a measured window now and then.
 */
const BACKGROUND = /^\s*select\b[\s\S]*("users"\."token_revocation"|"users"\."climb"[\s\S]*"grade_id" is null)/i;

export const countingRequestStatements =
  (record: (sql: string) => void) =>
  (sql: string): void => {
    if (!BACKGROUND.test(sql)) record(sql);
  };

/** A statement as a service sent it: its text with `$n` parameters, and their values. */
export interface SentStatement {
  query: string;
  params: unknown[];
}

/** A node of an EXPLAIN (FORMAT JSON) plan, as far as counting rows read needs (per loop, as EXPLAIN gives them). */
interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** The rows a scan of a table looked at: those it passed on and those its conditions left out. */
const scanned = (node: PlanNode) => (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];

/**
 * The rows `statement` read from `table` (unqualified), those its conditions then left out
 * included, from its plan as Postgres ran it: the statement again under EXPLAIN ANALYZE on `db`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any service's database.
export async function rowsRead(db: Database<any>, statement: SentStatement, table: string): Promise<number> {
  const parts = statement.query.split(/\$(\d+)/);
  const query = sql.join(parts.map((part, i) => (i % 2 ? sql`${sql.param(statement.params[Number(part) - 1])}` : sql.raw(part))));
  const [row] = await executeRows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(db, sql`explain (analyze, format json) ${query}`);
  const read = (node: PlanNode): number =>
    (node['Relation Name'] === table ? scanned(node) : 0) + (node.Plans ?? []).reduce((sum, child) => sum + read(child), 0);
  return read(row!['QUERY PLAN'][0]!.Plan);
}
