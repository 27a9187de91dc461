import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Logger as DrizzleLogger } from 'drizzle-orm/logger';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';
import { Gauge } from 'prom-client';
import { metricsRegistry } from './metrics';
import { activeTracer } from './tracing';

/**
 * Watches one database's statements: a span per statement (text only, never the parameters) when
 * tracing is on, and the in-flight counts behind the pool gauges. It is the database's drizzle
 * logger, so drizzle hands it to every query, transactions included; the caller's own `onQuery`
 * still gets each statement.
 */
export class StatementObserver implements DrizzleLogger {
  inFlight = 0;

  constructor(
    /** The service whose database this is (a label, and the span's db.namespace). */
    readonly database: string,
    /** Statements that can run at once: the pool size for Postgres, 1 for PGlite. */
    readonly connections: number,
    private readonly onQuery?: (query: string, params: unknown[]) => void,
  ) {}

  logQuery(query: string, params: unknown[]): void {
    this.onQuery?.(query, params);
  }

  async observe<T>(statement: string, run: () => Promise<T>): Promise<T> {
    this.inFlight++;
    const span = activeTracer()?.startSpan(spanName(statement), {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.namespace': this.database, 'db.statement': statement },
    });
    try {
      return await run();
    } catch (error) {
      span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      this.inFlight--;
      span?.end();
    }
  }
}

/** `select users`, `insert users`: the statement's verb and the service's schema. */
function spanName(statement: string): string {
  const verb = /^\s*(\w+)/.exec(statement)?.[1]?.toLowerCase() ?? 'sql';
  return `${verb} ${/"(\w+)"\./.exec(statement)?.[1] ?? ''}`.trim();
}

const observers = new Set<StatementObserver>();

export function watchStatements(observer: StatementObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

// postgres.js reports neither its busy connections nor its queue, so both are derived from the
// statements in flight: up to the pool size they hold a connection, beyond it they wait (queued,
// or pipelined behind another statement). A transaction holds its connection between statements
// too, which this does not see.
new Gauge({
  name: 'db_pool_connections_in_use',
  help: 'Statements in flight holding a connection, up to the pool size (PGlite: 1), by database.',
  labelNames: ['database'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const o of observers) this.inc({ database: o.database }, Math.min(o.inFlight, o.connections));
  },
});
new Gauge({
  name: 'db_pool_waiting',
  help: 'Statements in flight beyond the pool size, waiting for a connection, by database.',
  labelNames: ['database'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const o of observers) this.inc({ database: o.database }, Math.max(0, o.inFlight - o.connections));
  },
});

// Every statement either driver sends passes through this one method of drizzle's prepared query,
// so observing it covers postgres.js and PGlite, plain queries and transactions alike.
type QueryWithCache = (this: { logger: unknown }, sql: string, params: unknown[], run: () => Promise<unknown>) => Promise<unknown>;
const prepared = PgPreparedQuery.prototype as unknown as { queryWithCache: QueryWithCache };
const original = prepared.queryWithCache;
prepared.queryWithCache = function (sql, params, run) {
  const call = () => original.call(this, sql, params, run);
  return this.logger instanceof StatementObserver ? this.logger.observe(sql, call) : call();
};
