import { sql } from 'drizzle-orm';
import { type Database, executeRows } from './db';

// Transaction-scoped advisory locks, one style for every service: a lock is named by a namespace
// (what is serialised: `route-report`, `gym_staff`, `imports`) and a key (whose: a user's id),
// hashed together to Postgres's 64-bit lock key, so namespaces never share a lock by accident.

type AnyDatabase = Database<any>;

const lockKey = (namespace: string, key: string) => sql`hashtextextended(${`${namespace}:${key}`}, 0)`;

/** Waits for and takes the (namespace, key) lock; the transaction holds it until it ends. */
export async function advisoryXactLock(tx: AnyDatabase, namespace: string, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(namespace, key)})`);
}

/** Takes the (namespace, key) lock for the rest of the transaction, or answers false at once when another transaction holds it. */
export async function tryAdvisoryXactLock(tx: AnyDatabase, namespace: string, key: string): Promise<boolean> {
  const [row] = await executeRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${lockKey(namespace, key)}) as locked`);
  return row?.locked === true;
}
