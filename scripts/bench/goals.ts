/**
 * Issue 8's targets, checked against this run's medians: ratios to the hand-written baseline and
 * to the stock gateway, the router's CPU and memory, SQL per request. Only goals whose scenarios
 * and targets were part of the run are listed.
 */
import type { ScenarioName } from './scenarios';
import type { TargetKey } from './targets';

export interface Row {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpu: [string, number][];
  sql: { users: number; gyms: number } | undefined;
}

export type Table = Map<ScenarioName, Map<TargetKey, Row>>;

interface Goal {
  goal: string;
  measured: () => number | undefined;
  /** The limit, and whether the measured value must stay at least (`>=`) or at most (`<=`) it. */
  limit: number;
  at: '>=' | '<=';
  unit?: string;
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
  const list: Goal[] = [
    { goal: 'logbook, router (caches on) ÷ baseline, req/s', measured: () => ratio('logbook', 'router', 'baseline'), limit: 0.4, at: '>=' },
    { goal: 'logbook, router (caches on) p99', measured: () => row('logbook', 'router')?.p99, limit: 40, at: '<=', unit: ' ms' },
    { goal: 'logbook, router (caches off) ÷ baseline, req/s', measured: () => ratio('logbook', 'routerNoCache', 'baseline'), limit: 0.2, at: '>=' },
    { goal: 'gyms page, router (caches on) ÷ baseline, req/s', measured: () => ratio('gyms', 'router', 'baseline'), limit: 1, at: '>=' },
    { goal: 'logbook, router CPU per request (caches on) ÷ stock gateway’s', measured: () => cpuRatio('logbook', 'router', 'stock'), limit: 0.5, at: '<=' },
    { goal: 'logbook, router (caches on) ÷ Hive Gateway, req/s', measured: () => ratio('logbook', 'router', 'hive'), limit: 1, at: '>=' },
    { goal: 'gyms page, router (caches on) ÷ Hive Gateway, req/s', measured: () => ratio('gyms', 'router', 'hive'), limit: 1, at: '>=' },
    { goal: 'logbook, SQL statements per request through the router (caches on)', measured: () => sql('logbook', 'router'), limit: 9, at: '<=' },
    { goal: 'logbook, router CPU per request (caches off) ÷ stock gateway’s', measured: () => cpuRatio('logbook', 'routerNoCache', 'stock'), limit: 1, at: '<=' },
    { goal: 'gyms page, router CPU per request (caches off) ÷ stock gateway’s', measured: () => cpuRatio('gyms', 'routerNoCache', 'stock'), limit: 1, at: '<=' },
    { goal: 'router peak RSS ÷ stock gateway’s', measured: () => rss('router', 'stock'), limit: 1, at: '<=' },
    { goal: 'gyms page, gyms subgraph called directly ÷ baseline, req/s', measured: () => ratio('gyms', 'direct', 'baseline'), limit: 0.4, at: '>=' },
  ];
  const lines = ['', '#### Issue 8 targets', '', '| goal | measured | target | met |', '| --- | ---: | ---: | :---: |'];
  for (const { goal, measured, limit, at, unit = '' } of list) {
    const value = measured();
    if (value === undefined || !Number.isFinite(value)) continue;
    const met = at === '>=' ? value >= limit : value <= limit;
    const shown = unit ? Math.round(value).toString() : value.toFixed(2);
    lines.push(`| ${goal} | ${shown}${unit} | ${at === '>=' ? '≥' : '≤'} ${limit}${unit} | ${met ? 'yes' : 'no'} |`);
  }
  return lines;
}
