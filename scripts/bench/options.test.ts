import { describe, expect, it } from 'vitest';
import { parse } from './options';
import { DEFAULT_SCENARIOS } from './scenarios';

describe('bench options', () => {
  it('runs every scenario but the anonymous gyms page and the feeds by default, logbooks and the fixed-rate run among them, on every target', () => {
    const options = parse([]);
    expect(options.scenarios).toEqual(DEFAULT_SCENARIOS);
    expect(options.scenarios).toEqual(expect.arrayContaining(['logbooks', 'latency', 'stats100k', 'leaderall', 'invalidation', 'import', 'export']));
    expect(options.scenarios).not.toContain('gymsanon');
    expect(options.targets).toEqual(['router', 'routerNoCache', 'stock', 'hive', 'direct', 'baseline']);
    expect([options.rounds, options.duration, options.writeDoc]).toEqual([3, 4, true]);
  });

  it('orders the chosen scenarios as they are measured, whatever order they were given in', () => {
    expect(parse(['--scenarios', 'export,write,logbook']).scenarios).toEqual(['logbook', 'write', 'export']);
  });

  it('brings logbooks to the fixed-rate run: its rate comes from it', () => {
    expect(parse(['--scenarios', 'latency']).scenarios).toEqual(['logbooks', 'latency']);
  });

  it('offers the latency run the rate --rate names, for runs to compare at one load, and then leaves the doc alone', () => {
    expect(parse([]).rate).toBeUndefined();
    const options = parse(['--scenarios', 'latency', '--rate', '67']);
    expect([options.rate, options.writeDoc]).toEqual([67, false]);
    // The rate is known: no logbooks run to choose it from.
    expect(options.scenarios).toEqual(['latency']);
    expect(parse(['--scenarios', 'logbooks,latency', '--rate', '67']).scenarios).toEqual(['logbooks', 'latency']);
    expect(() => parse(['--rate', '0'])).toThrow(/--rate must be a positive number/);
  });

  it('starts only the targets the chosen scenarios run on', () => {
    expect(parse(['--scenarios', 'stats1k,stats100k']).targets).toEqual(['router', 'baseline']);
    expect(parse(['--scenarios', 'leaderweek,leaderall']).targets).toEqual(['routerNoCache']);
    expect(parse(['--scenarios', 'import,export,invalidation']).targets).toEqual(['router']);
    expect(parse(['--scenarios', 'stats1k', '--targets', 'stock']).targets).toEqual(['router']);
  });

  it('makes --quick one round that leaves the doc alone', () => {
    const options = parse(['--quick', '--postgres']);
    expect([options.rounds, options.duration, options.writeDoc]).toEqual([1, 3, false]);
    expect(options.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('refuses an unknown scenario or target, naming it', () => {
    expect(() => parse(['--scenarios', 'logbook,nope'])).toThrow(/--scenarios: unknown nope/);
    expect(() => parse(['--targets', 'apollo'])).toThrow(/--targets: unknown apollo/);
  });
});
