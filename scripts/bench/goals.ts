/**
 * Issue 8's and issue 20's targets, checked against this run's medians: ratios to the hand-written
 * baseline and to the stock gateway, the router's CPU and memory, SQL per request; latency at a
 * fixed rate, what a request costs as history grows, import and export speed, the cache's hit
 * ratio under writes, failures. Only goals whose scenarios and targets were part of the run are listed.
 */
import { HISTORY_SIZES, LOGBOOK_HISTORIES, type ScenarioName } from './scenarios';
import type { TargetKey } from './targets';

export interface Row {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpu: [string, number][];
  sql: { users: number; gyms: number } | undefined;
  /** Medians of what the scenario measures besides requests (see LoadResult.extra). */
  extra: Record<string, number>;
}

export type Table = Map<ScenarioName, Map<TargetKey, Row>>;

interface Goal {
  goal: string;
  measured: () => number | undefined;
  /** The limit, and whether the measured value must stay at least (`>=`) or at most (`<=`) it; none: a figure to state. */
  limit?: number;
  at?: '>=' | '<=';
  unit?: string;
  /** Digits shown (2 by default, 0 with a unit). */
  digits?: number;
}

/** The goals measured in this run as a markdown table: value, limit, met (`yes`/`no`, `–` for a stated figure). */
export function goalTable(title: string, list: Goal[]): string[] {
  const lines = ['', `#### ${title}`, '', '| goal | measured | target | met |', '| --- | ---: | ---: | :---: |'];
  for (const { goal, measured, limit, at, unit = '', digits = unit ? 0 : 2 } of list) {
    const value = measured();
    if (value === undefined || !Number.isFinite(value)) continue;
    const shown = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    if (limit === undefined || at === undefined) {
      lines.push(`| ${goal} | ${shown}${unit} | – | – |`);
      continue;
    }
    const met = at === '>=' ? value >= limit : value <= limit;
    lines.push(`| ${goal} | ${shown}${unit} | ${at === '>=' ? '≥' : '≤'} ${limit.toLocaleString('en-US')}${unit} | ${met ? 'yes' : 'no'} |`);
  }
  // Without any goal of this run: no table.
  return lines.length > 5 ? lines : [];
}

export function goals(table: Table, peakRss: Map<string, number>): string[] {
  const row = (scenario: ScenarioName, target: TargetKey) => table.get(scenario)?.get(target);
  const ratio = (scenario: ScenarioName, a: TargetKey, b: TargetKey) => {
    const [x, y] = [row(scenario, a)?.rps, row(scenario, b)?.rps];
    return x === undefined || y === undefined ? undefined : x / y;
  };
  const frontCpu = (scenario: ScenarioName, target: TargetKey) => row(scenario, target)?.cpu[0]?.[1];
  const cpuRatio = (scenario: ScenarioName, a: TargetKey, b: TargetKey) => {
    const [x, y] = [frontCpu(scenario, a), frontCpu(scenario, b)];
    return x === undefined || y === undefined ? undefined : x / y;
  };
  const sql = (scenario: ScenarioName, target: TargetKey) => {
    const counted = row(scenario, target)?.sql;
    return counted && counted.users + counted.gyms;
  };
  const rss = (a: string, b: string) => (peakRss.has(a) && peakRss.has(b) ? peakRss.get(a)! / peakRss.get(b)! : undefined);
  // Issue 8 measured the gyms page anonymous: that variant when it was run, else the page with a token.
  const gyms: ScenarioName = table.has('gymsanon') ? 'gymsanon' : 'gyms';
  const list: Goal[] = [
    { goal: 'logbook, router (caches on) ÷ baseline, req/s', measured: () => ratio('logbook', 'router', 'baseline'), limit: 0.4, at: '>=' },
    { goal: 'logbook, router (caches on) p99', measured: () => row('logbook', 'router')?.p99, limit: 40, at: '<=', unit: ' ms' },
    { goal: 'logbook, router (caches off) ÷ baseline, req/s', measured: () => ratio('logbook', 'routerNoCache', 'baseline'), limit: 0.2, at: '>=' },
    { goal: 'gyms page, router (caches on) ÷ baseline, req/s', measured: () => ratio(gyms, 'router', 'baseline'), limit: 1, at: '>=' },
    { goal: 'logbook, router CPU per request (caches on) ÷ stock gateway’s', measured: () => cpuRatio('logbook', 'router', 'stock'), limit: 0.5, at: '<=' },
    { goal: 'logbook, router (caches on) ÷ Hive Gateway, req/s', measured: () => ratio('logbook', 'router', 'hive'), limit: 1, at: '>=' },
    { goal: 'gyms page, router (caches on) ÷ Hive Gateway, req/s', measured: () => ratio(gyms, 'router', 'hive'), limit: 1, at: '>=' },
    { goal: 'logbook, SQL statements per request through the router (caches on)', measured: () => sql('logbook', 'router'), limit: 9, at: '<=' },
    { goal: 'logbook, router CPU per request (caches off) ÷ stock gateway’s', measured: () => cpuRatio('logbook', 'routerNoCache', 'stock'), limit: 1, at: '<=' },
    { goal: 'gyms page, router CPU per request (caches off) ÷ stock gateway’s', measured: () => cpuRatio(gyms, 'routerNoCache', 'stock'), limit: 1, at: '<=' },
    { goal: 'router peak RSS ÷ stock gateway’s', measured: () => rss('router', 'stock'), limit: 1, at: '<=' },
    { goal: 'gyms page, gyms subgraph called directly ÷ baseline, req/s', measured: () => ratio(gyms, 'direct', 'baseline'), limit: 0.4, at: '>=' },
  ];
  return [...goalTable('Issue 8 targets', list), ...goalTable('Issue 20 targets', issue20(table, peakRss))];
}

/** CPU ms per request of the users process and Postgres (with PGlite, the users process alone): what the data costs. */
const dataCost = (row: Row | undefined): number | undefined => {
  if (!row) return undefined;
  const parts = row.cpu.filter(([name]) => name === 'users' || name === 'postgres');
  return parts.length ? parts.reduce((sum, [, ms]) => sum + ms, 0) : undefined;
};

function issue20(table: Table, peakRss: Map<string, number>): Goal[] {
  const row = (scenario: ScenarioName, target: TargetKey) => table.get(scenario)?.get(target);
  const quotient = (x: number | undefined, y: number | undefined) => (x === undefined || y === undefined ? undefined : x / y);
  const rps = (scenario: ScenarioName, target: TargetKey) => row(scenario, target)?.rps;
  const frontCpu = (scenario: ScenarioName, target: TargetKey) => row(scenario, target)?.cpu[0]?.[1];
  const extra = (scenario: ScenarioName, target: TargetKey, name: string) => row(scenario, target)?.extra[name];
  const rate = extra('latency', 'router', 'rate');
  const stats = table.has('stats') ? 'stats' : 'stats10k';
  /**
   * What a request costs the data (users + Postgres CPU) at each history length, shortest first,
   * then the longest's ÷ the shortest's: a cost that does not grow with history stays ≤ 1.5.
   */
  const historyCosts = (what: string, target: TargetKey, lengths: (readonly [ScenarioName, number])[]): Goal[] => {
    const cost = (scenario: ScenarioName) => dataCost(row(scenario, target));
    const climbs = (count: number) => count.toLocaleString('en-US');
    const [shortest, longest] = [lengths[0]!, lengths[lengths.length - 1]!];
    return [
      ...lengths.map(([scenario, count]) => ({ goal: `${what} at ${climbs(count)} climbs: users + Postgres CPU ms per request`, measured: () => cost(scenario) })),
      {
        goal: `${what} cost per request at ${climbs(longest[1])} climbs ÷ at ${climbs(shortest[1])}`,
        measured: () => quotient(cost(longest[0]), cost(shortest[0])),
        limit: 1.5,
        at: '<=',
      },
    ];
  };
  const failures = new Map<TargetKey, number>();
  for (const rows of table.values()) for (const [key, r] of rows) failures.set(key, (failures.get(key) ?? 0) + r.failed);
  return [
    { goal: 'gyms page with a token, router (caches on) ÷ baseline, req/s', measured: () => quotient(rps('gyms', 'router'), rps('gyms', 'baseline')), limit: 1, at: '>=' },
    { goal: 'logbooks (distinct climbers), router (caches on) ÷ baseline, req/s', measured: () => quotient(rps('logbooks', 'router'), rps('logbooks', 'baseline')), limit: 0.5, at: '>=' },
    {
      goal: 'logbooks, router CPU per request (caches on) ÷ stock gateway’s',
      measured: () => quotient(frontCpu('logbooks', 'router'), frontCpu('logbooks', 'stock')),
      limit: 0.5,
      at: '<=',
    },
    {
      goal: `logbooks at a fixed ${rate ?? '?'} req/s, router p99 ÷ baseline p99`,
      measured: () => quotient(row('latency', 'router')?.p99, row('latency', 'baseline')?.p99),
      limit: 1.3,
      at: '<=',
    },
    {
      goal: `logbooks at a fixed ${rate ?? '?'} req/s, router p50 ÷ baseline p50`,
      measured: () => quotient(row('latency', 'router')?.p50, row('latency', 'baseline')?.p50),
      limit: 1.5,
      at: '<=',
    },
    ...historyCosts('stats', 'router', (['stats1k', 'stats10k', 'stats100k'] as const).map((name) => [name, HISTORY_SIZES[name]])),
    ...historyCosts('logbook first page', 'routerNoCache', (['logbook1k', 'logbook100k'] as const).map((name) => [name, HISTORY_SIZES[LOGBOOK_HISTORIES[name]]])),
    { goal: `${stats} (10,000 climbs), router (caches on) ÷ baseline, req/s`, measured: () => quotient(rps(stats, 'router'), rps(stats, 'baseline')), limit: 1, at: '>=' },
    { goal: 'leaderboard WEEK (1,000,000-climb gym): users + Postgres CPU ms per request', measured: () => dataCost(row('leaderweek', 'routerNoCache')) },
    { goal: 'leaderboard ALL_TIME: users + Postgres CPU ms per request', measured: () => dataCost(row('leaderall', 'routerNoCache')) },
    {
      goal: 'leaderboard cost per request, ALL_TIME ÷ WEEK',
      measured: () => quotient(dataCost(row('leaderall', 'routerNoCache')), dataCost(row('leaderweek', 'routerNoCache'))),
      limit: 2,
      at: '<=',
    },
    { goal: 'import of 10,000 climbs through the router, climbs/s', measured: () => extra('import', 'router', 'climbsPerSecond'), limit: 2000, at: '>=', digits: 0 },
    { goal: 'export of 100,000 climbs through the router, climbs/s', measured: () => extra('export', 'router', 'climbsPerSecond'), limit: 20000, at: '>=', digits: 0 },
    { goal: 'export of 100,000 climbs: users process peak RSS', measured: () => extra('export', 'router', 'usersPeakRssMb'), unit: ' MB' },
    {
      goal: 'invalidation: other gyms’ reads served from the response cache, with a write a second',
      measured: () => extra('invalidation', 'router', 'hitRatio'),
      limit: 0.95,
      at: '>=',
    },
    { goal: 'invalidation: the written gym’s page shows the write (1 = yes)', measured: () => extra('invalidation', 'router', 'writeShown'), limit: 1, at: '>=', digits: 0 },
    { goal: 'router peak RSS ÷ stock gateway’s', measured: () => quotient(peakRss.get('router'), peakRss.get('stock')), limit: 1, at: '<=' },
    ...[...failures].map(([key, failed]): Goal => ({ goal: `failed requests, ${key}, all scenarios`, measured: () => failed, limit: 0, at: '<=', digits: 0 })),
  ];
}
