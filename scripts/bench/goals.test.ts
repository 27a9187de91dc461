import { describe, expect, it } from 'vitest';
import { goals, type Row, type Table } from './goals';
import type { ScenarioName } from './scenarios';
import type { TargetKey } from './targets';

const row = (rps: number, cpu: [string, number][], extra: Record<string, number> = {}, failed = 0, p50 = 10, p99 = 40): Row => ({ rps, p50, p99, failed, cpu, sql: undefined, extra });
const table = (rows: [ScenarioName, TargetKey, Row][]): Table => {
  const t: Table = new Map();
  for (const [scenario, target, r] of rows) t.set(scenario, (t.get(scenario) ?? new Map()).set(target, r));
  return t;
};
const lineOf = (lines: string[], goal: string) => lines.find((line) => line.startsWith(`| ${goal}`));

describe('the issue 20 targets', () => {
  const run = table([
    ['gyms', 'router', row(3200, [['router', 0.3]])],
    ['gyms', 'baseline', row(3000, [['baseline', 0.3]])],
    ['logbooks', 'router', row(400, [['router', 2.2]])],
    ['logbooks', 'stock', row(170, [['stock', 4]])],
    ['logbooks', 'baseline', row(900, [['baseline', 0.9]])],
    ['latency', 'router', row(58, [['router', 2]], { rate: 58 }, 0, 18, 80)],
    ['latency', 'baseline', row(58, [['baseline', 1]], { rate: 58 }, 0, 11, 46)],
    ['stats1k', 'router', row(500, [['router', 1], ['users', 2], ['gyms', 0.1], ['postgres', 1]])],
    ['stats100k', 'router', row(100, [['router', 1], ['users', 2.5], ['gyms', 0.1], ['postgres', 1.5]], {}, 3)],
    ['leaderweek', 'routerNoCache', row(200, [['router (no cache)', 1], ['users', 1], ['postgres', 2]])],
    ['leaderall', 'routerNoCache', row(5, [['router (no cache)', 1], ['users', 1], ['postgres', 200]])],
    ['import', 'router', row(5, [], { climbsPerSecond: 2500 })],
    ['export', 'router', row(5, [], { climbsPerSecond: 12000, usersPeakRssMb: 180 })],
    ['invalidation', 'router', row(900, [], { hitRatio: 0.5, writeShown: 1 })],
  ]);
  const lines = goals(run, new Map([['router', 150], ['stock', 220]]));

  it('follows issue 8’s table, in the same style', () => {
    expect(lines.indexOf('#### Issue 20 targets')).toBeGreaterThan(lines.indexOf('#### Issue 8 targets'));
    expect(lineOf(lines, 'gyms page with a token')).toBe('| gyms page with a token, router (caches on) ÷ baseline, req/s | 1.07 | ≥ 1 | yes |');
  });

  it('says met or not met from the measured values', () => {
    expect(lineOf(lines, 'logbooks (distinct climbers)')).toMatch(/\| 0\.44 \| ≥ 0\.5 \| no \|$/);
    expect(lineOf(lines, 'logbooks, router CPU per request (caches on) ÷ stock')).toMatch(/\| 0\.55 \| ≤ 0\.5 \| no \|$/);
    expect(lineOf(lines, 'logbooks at a fixed 58 req/s, router p99')).toMatch(/\| 1\.74 \| ≤ 1\.3 \| no \|$/);
    expect(lineOf(lines, 'logbooks at a fixed 58 req/s, router p50')).toMatch(/\| 1\.64 \| ≤ 1\.5 \| no \|$/);
    expect(lineOf(lines, 'stats cost per request at 100,000 climbs ÷ at 1,000')).toMatch(/\| 1\.33 \| ≤ 1\.5 \| yes \|$/);
    expect(lineOf(lines, 'leaderboard cost per request, ALL_TIME ÷ WEEK')).toMatch(/\| 67\.00 \| ≤ 2 \| no \|$/);
    expect(lineOf(lines, 'import of 10,000 climbs')).toMatch(/\| 2,500 \| ≥ 2,000 \| yes \|$/);
    expect(lineOf(lines, 'export of 100,000 climbs through the router')).toMatch(/\| 12,000 \| ≥ 20,000 \| no \|$/);
    expect(lineOf(lines, 'invalidation: other gyms’ reads')).toMatch(/\| 0\.50 \| ≥ 0\.95 \| no \|$/);
    expect(lineOf(lines, 'invalidation: the written gym’s page shows the write')).toMatch(/\| 1 \| ≥ 1 \| yes \|$/);
    expect(lineOf(lines, 'router peak RSS ÷ stock')).toMatch(/\| 0\.68 \| ≤ 1 \| yes \|$/);
  });

  it('states a figure without a limit as such', () => {
    expect(lineOf(lines, 'export of 100,000 climbs: users process peak RSS')).toBe('| export of 100,000 climbs: users process peak RSS | 180 MB | – | – |');
    expect(lineOf(lines, 'stats at 1,000 climbs')).toBe('| stats at 1,000 climbs: users + Postgres CPU ms per request | 3.00 | – | – |');
  });

  it('counts every failed request of a target, over all its scenarios', () => {
    expect(lineOf(lines, 'failed requests, router,')).toBe('| failed requests, router, all scenarios | 3 | ≤ 0 | no |');
    expect(lineOf(lines, 'failed requests, baseline,')).toBe('| failed requests, baseline, all scenarios | 0 | ≤ 0 | yes |');
  });

  it('reads issue 8’s gyms page goals from the anonymous page when it was run', () => {
    const both = table([
      ['gyms', 'router', row(1000, [])],
      ['gyms', 'baseline', row(3000, [])],
      ['gymsanon', 'router', row(4500, [])],
      ['gymsanon', 'baseline', row(3000, [])],
    ]);
    const read = goals(both, new Map());
    expect(lineOf(read, 'gyms page, router (caches on) ÷ baseline')).toMatch(/\| 1\.50 \| ≥ 1 \| yes \|$/);
    expect(lineOf(read, 'gyms page with a token')).toMatch(/\| 0\.33 \| ≥ 1 \| no \|$/);
  });

  it('prints no table of which no goal was run', () => {
    expect(goals(new Map(), new Map())).toEqual([]);
  });

  it('leaves out the goals whose scenarios were not run', () => {
    expect(lineOf(lines, 'stats (10,000 climbs)')).toBeUndefined();
    expect(lineOf(lines, 'stats10k (10,000 climbs)')).toBeUndefined();
  });
});
