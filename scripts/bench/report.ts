/** Medians per scenario × target, as markdown tables, and the results section of docs/benchmarks.md. */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@clmb/testkit';
import type { LoadResult } from './load';
import type { Options } from './options';
import type { Scenario, ScenarioName } from './scenarios';
import type { Target, TargetKey } from './targets';
import { goals, type Row, type Table } from './goals';

export interface Measurement {
  round: number;
  scenario: ScenarioName;
  target: TargetKey;
  /** For the direct target: one request of the plan measured alone (e.g. `users part 1`). */
  part?: string | undefined;
  load: LoadResult;
  /** CPU ms used in the window, per process name. */
  cpu: Map<string, number>;
  /** SQL statements in the window, per service database (Postgres only). */
  sql: { users: number; gyms: number } | undefined;
}

/** Statements counted by the proxy between two samples, per service database. */
export function sqlDelta(before: Record<string, number> | undefined, after: Record<string, number> | undefined) {
  if (!before || !after) return undefined;
  const sum = (counts: Record<string, number>, service: string) =>
    Object.entries(counts).reduce((total, [db, n]) => total + (db.includes(`_${service}_`) ? n : 0), 0);
  return { users: sum(after, 'users') - sum(before, 'users'), gyms: sum(after, 'gyms') - sum(before, 'gyms') };
}

/** The median of the finite values (NaN without any). */
export const median = (values: number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
/** A latency in ms as the tables show it: one decimal under 10 ms, whole ms above. */
export const latencyMs = (ms: number) => fixed(ms, ms < 10 ? 1 : 0);
const rps = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

function summarise(list: Measurement[], processes: string[], extra: string[]): Row {
  // Per request the processes worked on (CPU and SQL also went into requests cut off at the end).
  const per = (m: Measurement, n: number) => n / Math.max(1, m.load.sent);
  const names = [...processes, ...extra];
  return {
    rps: median(list.map((m) => m.load.rps)),
    p50: median(list.map((m) => m.load.p50)),
    p99: median(list.map((m) => m.load.p99)),
    failed: list.reduce((sum, m) => sum + m.load.failed, 0),
    cpu: names.map((name) => [name, median(list.map((m) => per(m, m.cpu.get(name) ?? Number.NaN)))]),
    sql: list[0]?.sql && {
      users: median(list.map((m) => per(m, m.sql!.users))),
      gyms: median(list.map((m) => per(m, m.sql!.gyms))),
    },
    extra: Object.fromEntries(
      [...new Set(list.flatMap((m) => Object.keys(m.load.extra ?? {})))].map((name) => [name, median(list.map((m) => m.load.extra?.[name] ?? Number.NaN))]),
    ),
  };
}

/** The extra figures' column headings, in this order. */
const EXTRA_COLUMNS: [string, string, number][] = [
  ['rate', 'offered req/s', 0],
  ['climbsPerSecond', 'climbs/s', 0],
  ['seconds', 'seconds', 1],
  ['usersPeakRssMb', 'users peak RSS MB', 0],
  ['usersRssBeforeMb', 'users RSS before, MB', 0],
  ['hitRatio', 'response cache hit ratio', 3],
  ['entityHitRatio', 'entity cache hit ratio', 3],
  ['writes', 'writes', 0],
  ['writeShown', 'write shown (1 = yes)', 0],
];

interface Report {
  options: Options;
  dbs: 'postgres' | 'pglite';
  targets: Target[];
  scenarios: Scenario[];
  measurements: Measurement[];
  peakRss: Map<string, number>;
  minutes: number;
  /** 1-minute load average when the run started: how busy the shared machine was. */
  loadAtStart: number;
  /** How long each seed step took, in seconds. */
  seeds: [string, number][];
  /** Where the peak RSS was read (after the scenarios every gateway runs, or at the end). */
  peakRssWhen: string;
}

export function render(report: Report): string {
  const { options, targets, measurements } = report;
  const extra = report.dbs === 'postgres' ? ['postgres', ...(report.options.sqlCount ? ['pg proxy'] : [])] : [];
  const lines: string[] = [];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  lines.push(`### ${report.dbs === 'postgres' ? 'Postgres' : 'PGlite'}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  lines.push('');
  lines.push(
    `Machine: ${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; ` +
      `load average ${report.loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end (1 min). ` +
      `${options.rounds} interleaved round(s) × ${options.duration} s per scenario × target, ${options.warmup} s warm-up per target, ` +
      `${options.connections} connections; medians. The whole run took ${report.minutes.toFixed(1)} min.`,
  );
  if (report.seeds.length) {
    lines.push('', '#### Seeding', '', '| step | seconds |', '| --- | ---: |');
    for (const [step, seconds] of report.seeds) lines.push(`| ${step} | ${fixed(seconds, 1)} |`);
  }
  const table: Table = new Map();
  for (const scenario of report.scenarios) {
    const of = measurements.filter((m) => m.scenario === scenario.name);
    const on = targets.filter((t) => of.some((m) => m.target === t.key));
    if (!on.length) continue;
    const rows = new Map(on.map((t) => [t.key, summarise(of.filter((m) => m.target === t.key && !m.part), t.processes, extra)]));
    table.set(scenario.name, rows);
    const baseline = rows.get('baseline')?.rps ?? Number.NaN;
    const stock = rows.get('stock')?.rps ?? Number.NaN;
    const columns = EXTRA_COLUMNS.filter(([name]) => [...rows.values()].some((row) => name in row.extra));
    lines.push('', `#### ${scenario.title}`, '');
    lines.push(`| target | req/s | p50 / p99 ms | × baseline | × stock | CPU ms per request | SQL per request |${columns.map(([, heading]) => ` ${heading} |`).join('')}`);
    lines.push(`| --- | ---: | ---: | ---: | ---: | --- | ---: |${' ---: |'.repeat(columns.length)}`);
    const line = (label: string, row: Row) => {
      const sql = row.sql ? `${fixed(row.sql.users + row.sql.gyms, 1)} (users ${fixed(row.sql.users, 1)}, gyms ${fixed(row.sql.gyms, 1)})` : 'n/a';
      const cpuText = row.cpu.map(([name, ms]) => `${name} ${fixed(ms, 2)}`).join(', ');
      const failed = row.failed ? ` (${row.failed} failed)` : '';
      const extras = columns.map(([name, , digits]) => ` ${fixed(row.extra[name] ?? Number.NaN, digits)} |`).join('');
      lines.push(
        `| ${label} | ${rps(row.rps)}${failed} | ${latencyMs(row.p50)} / ${latencyMs(row.p99)} | ${fixed(row.rps / baseline, 2)} | ${fixed(row.rps / stock, 2)} | ${cpuText} | ${sql} |${extras}`,
      );
    };
    for (const target of on) {
      line(target.label, rows.get(target.key)!);
      for (const part of new Set(of.filter((m) => m.target === target.key && m.part).map((m) => m.part!))) {
        line(`↳ ${part} alone`, summarise(of.filter((m) => m.part === part), [part.split(' ')[0]!], extra));
      }
    }
  }
  lines.push('', `#### Peak RSS per process (VmHWM, ${report.peakRssWhen})`, '', '| process | MB |', '| --- | ---: |');
  for (const [name, mb] of report.peakRss) lines.push(`| ${name} | ${fixed(mb, 0)} |`);
  lines.push(...goals(table, report.peakRss));
  return lines.join('\n');
}

/** Replaces this database's results between its markers in docs/benchmarks.md (the prose stays). */
export async function writeDoc(markdown: string, kind: 'postgres' | 'pglite'): Promise<void> {
  const [start, end] = [`<!-- bench:${kind} -->`, `<!-- /bench:${kind} -->`];
  const file = join(repoRoot, 'docs/benchmarks.md');
  const doc = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  const next = from >= 0 && to > from ? `${doc.slice(0, from + start.length)}\n${markdown}\n${doc.slice(to)}` : `${doc}\n${start}\n${markdown}\n${end}\n`;
  await writeFile(file, next);
}
