/** `npm run bench -- [flags]`: what to run, how long, on which database. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SCENARIOS, runsOn, SCENARIO_NAMES, type ScenarioName } from './scenarios';
import { TARGET_KEYS, type TargetKey } from './targets';

const HELP = `npm run bench -- [flags]
  --postgres            use postgres://postgres@127.0.0.1:5432/postgres (default: TEST_DATABASE_URL, else PGlite)
  --rounds N            interleaved rounds, medians reported (default 3)
  --duration S          seconds measured per scenario × target × round (default 4)
  --warmup S            seconds of warm-up per target before any timing (default 12, at least 10 advised)
  --connections N       concurrent connections (default 10)
  --scenarios a,b       of ${SCENARIO_NAMES.join(',')}
                        (default all but gymsanon and feeds; latency also runs logbooks, its rate's source, unless --rate names it)
  --targets a,b         ${TARGET_KEYS.join(',')} (default all; the router is always included: it is the reference).
                        Only targets some chosen scenario runs on are started
  --quick               1 round, 3 s, 5 s warm-up, and docs/benchmarks.md is left alone
  --no-doc              print the table only; do not write docs/benchmarks.md
  --no-parts            do not also measure each request of a multi-request plan alone (subgraphs called directly;
                        logbook and gyms page only)
  --no-sql-count        on Postgres, no counting proxy in front of it (no SQL column, no proxy hop)
  --rate N              the latency scenario's offered req/s (default: half the slowest target's logbooks req/s);
                        to compare two trees, or two runs, at the same load (docs/benchmarks.md is then left alone)
  --cpu-prof DIR        every measured process writes a V8 CPU profile (<process>.cpuprofile) into DIR when
                        the run ends (open it in Chrome DevTools or speedscope); profiling slows them`;

export interface Options {
  databaseUrl: string | undefined;
  rounds: number;
  duration: number;
  warmup: number;
  connections: number;
  scenarios: ScenarioName[];
  targets: TargetKey[];
  writeDoc: boolean;
  sqlCount: boolean;
  parts: boolean;
  /** Where the measured processes write their CPU profiles; none when undefined. */
  cpuProfDir: string | undefined;
  /** The latency scenario's offered req/s; undefined: chosen from the run's logbooks figures. */
  rate: number | undefined;
}

const list = <T extends string>(value: string | undefined, all: readonly T[], flag: string): T[] => {
  if (!value) return [...all];
  const items = value.split(',').map((item) => item.trim()) as T[];
  const unknown = items.filter((item) => !all.includes(item));
  if (unknown.length) throw new Error(`--${flag}: unknown ${unknown.join(', ')} (choose from ${all.join(', ')})`);
  return items;
};

const positive = (value: string | undefined, fallback: number, flag: string): number => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number`);
  return n;
};

/** The options, or the reason they are wrong and the help text, and exit code 2. */
export function parseOptions(argv: string[]): Options {
  try {
    return parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
}

/** The scenarios in the order they are measured (see SCENARIO_NAMES); the fixed-rate run brings the run its rate comes from, unless `--rate` names the rate. */
const inOrder = (chosen: ScenarioName[], rateGiven: boolean): ScenarioName[] => {
  const wanted = new Set(chosen.includes('latency') && !rateGiven ? [...chosen, 'logbooks' as const] : chosen);
  return SCENARIO_NAMES.filter((name) => wanted.has(name));
};

/** The options from the command line; throws with the reason when they are wrong. */
export function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      postgres: { type: 'boolean' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      scenarios: { type: 'string' },
      targets: { type: 'string' },
      quick: { type: 'boolean' },
      'no-doc': { type: 'boolean' },
      'no-sql-count': { type: 'boolean' },
      'no-parts': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      rate: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const requested = list(values.targets, TARGET_KEYS, 'targets');
  const scenarios = inOrder(values.scenarios ? list(values.scenarios, SCENARIO_NAMES, 'scenarios') : DEFAULT_SCENARIOS, values.rate !== undefined);
  const needed = (key: TargetKey) => scenarios.some((name) => runsOn(name, key));
  return {
    databaseUrl: values.postgres ? 'postgres://postgres@127.0.0.1:5432/postgres' : process.env['TEST_DATABASE_URL'] || undefined,
    rounds: positive(values.rounds, quick ? 1 : 3, 'rounds'),
    duration: positive(values.duration, quick ? 3 : 4, 'duration'),
    warmup: positive(values.warmup, quick ? 5 : 12, 'warmup'),
    connections: positive(values.connections, 10, 'connections'),
    scenarios,
    targets: TARGET_KEYS.filter((key) => (key === 'router' || requested.includes(key)) && needed(key)),
    writeDoc: !quick && !values['no-doc'] && !values['cpu-prof'] && values.rate === undefined,
    sqlCount: !values['no-sql-count'],
    parts: !values['no-parts'],
    cpuProfDir: values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined,
    rate: values.rate === undefined ? undefined : positive(values.rate, 1, 'rate'),
  };
}
