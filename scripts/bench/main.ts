/**
 * `npm run bench`: what a request costs through each target, on Postgres (`--postgres` or
 * TEST_DATABASE_URL) or PGlite. Builds everything, seeds a climber's logbook (and what the chosen
 * scenarios read: long histories, a million-climb gym), starts the targets the scenarios run on
 * once, checks that they all answer alike, warms each up, then measures each scenario in
 * interleaved rounds (each round: every target of the scenario once) and reports medians, and
 * issue 8's and issue 20's targets met or not. See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '@clmb/common';
import { freePort, dataFrom, generateSigningKeys, repoRoot, signTestToken } from '@clmb/testkit';
import { exportLogbook, importLogbook, importParts } from './bulk';
import { benchBundle, buildAll } from './bundle';
import { checkTargets, headersFor } from './check';
import { Cluster, type PgCounter, startPgCounter } from './cluster';
import { createDatabases } from './databases';
import { ROUTES, STATS_CLIMBS, seedBenchGym, seedDeepLogbooks, seedRoutePage } from './deep-seed';
import { FOLLOWED, seedFeed } from './feed-seed';
import { chooseRate, steady } from './fixed-rate';
import { gymRoutes, LEADERBOARD_CLIMBS, seedEmptyClimbers, seedHistory, seedLeaderboardGym, settleUsersDatabase } from './history-seed';
import { readWhileWriting, type WrittenGym } from './invalidation';
import { hammer, type HammerOptions, type LoadResult, replay, replayHeaders } from './load';
import { parseOptions } from './options';
import { cpuDelta, peakRssMb, sampleCpu } from './proc';
import { startRecorder } from './recorder';
import { latencyMs, type Measurement, median, render, sqlDelta, writeDoc } from './report';
import {
  type DeepTarget,
  HISTORY_SIZES,
  LOGBOOK_HISTORIES,
  scenarios as makeScenarios,
  runsOn,
  SCENARIO_TARGETS,
  type Scenario,
  type ScenarioName,
} from './scenarios';
import { demoAccount, recordPlans, seedLogbooks } from './seed';
import { type Setup, startSubgraphs, startTargets, subgraphUrl, type Target } from './targets';

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
const loadAtStart = loadavg()[0]!;
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const seeds: [string, number][] = [];
/** A seed step, logged with how long it took (the report lists them). */
const seeded = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
  log(step);
  const t0 = Date.now();
  const result = await work();
  seeds.push([step, (Date.now() - t0) / 1000]);
  log(`  took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return result;
};
const GYM_LIST = /* GraphQL */ `query { gyms(first: 20) { edges { node { id slug routes { id } } } } }`;

log('building the services and the bench servers');
await buildAll();
const dbs = await createDatabases(options.databaseUrl);
const cluster = new Cluster();
let counter: PgCounter | undefined;
let cleaning: Promise<void> | undefined;
// Once, from the end of the run or from Ctrl-C: no process or database outlives the bench.
const cleanUp = () => {
  cleaning ??= (async () => {
    await cluster.stop();
    await counter?.stop();
    await dbs.drop();
  })();
  return cleaning;
};
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
try {
  if (dbs.server && options.sqlCount) counter = await startPgCounter(dbs.server);
  const setup: Setup = {
    dbs,
    ports: { users: await freePort(), gyms: await freePort() },
    sqlPort: counter?.port,
    keys: await generateSigningKeys(),
    secret: randomBytes(32).toString('hex'),
    supergraphPath: join(repoRoot, 'schema/supergraph.graphql'),
  };
  const secretHeader = { 'x-clmb-subgraph-secret': setup.secret };

  log(`seeding (${dbs.kind}) and recording the query plans through the stock gateway`);
  await startSubgraphs(cluster, setup, 'seed');
  const recorder = await startRecorder({ users: subgraphUrl(setup.ports.users), gyms: subgraphUrl(setup.ports.gyms) });
  const seedPort = await freePort();
  const seedUrl = `http://127.0.0.1:${seedPort}/graphql`;
  const seedEnv = { NODE_ENV: 'development', APOLLO_TELEMETRY_DISABLED: '1', SUBGRAPH_SECRET: setup.secret, SUPERGRAPH_PATH: setup.supergraphPath };
  const startSeedGateway = () =>
    cluster.start('seed gateway', benchBundle('stock-gateway'), { ...seedEnv, PORT: String(seedPort), USERS_URL: recorder.urls['users']!, GYMS_URL: recorder.urls['gyms']! }, seedUrl, true);
  await startSeedGateway();
  const climbers = options.scenarios.includes('logbooks') ? options.connections : 1;
  const { tokens, write } = await seedLogbooks(seedUrl, setup.keys.JWT_PRIVATE_KEY, climbers);
  const wants = (...names: ScenarioName[]) => names.some((name) => options.scenarios.includes(name));
  const issue9to19: ScenarioName[] = ['stats', 'community', 'routepage', 'feed', 'feeds'];
  const histories = (Object.keys(HISTORY_SIZES) as (keyof typeof HISTORY_SIZES)[]).filter(
    (name) =>
      wants(name) ||
      (name === 'stats100k' && wants('export')) ||
      Object.entries(LOGBOOK_HISTORIES).some(([logbook, climber]) => climber === name && wants(logbook as ScenarioName)),
  );
  let deep: DeepTarget | undefined;
  let bulk: { importTokens: string[]; importParts: string[] } | undefined;
  let written: WrittenGym | undefined;
  if (histories.length || wants(...issue9to19, 'leaderweek', 'leaderall', 'invalidation', 'import')) {
    const sign = (sub: string, role: 'CLIMBER' | 'ADMIN') => signTestToken(setup.keys.JWT_PRIVATE_KEY, { sub, role, expiresAt: '3h' });
    const adminToken = await sign(await demoAccount(seedUrl, DEMO_ACCOUNTS.admin.email), 'ADMIN');
    const gymId = await seedBenchGym(seedUrl, adminToken);
    // The route page's viewer is the logbook climber; the demo owner and setter project it too.
    const projectors = wants(...issue9to19) ? [tokens[0]!, await sign(DEMO_ACCOUNTS.owner.id, 'CLIMBER'), await sign(DEMO_ACCOUNTS.setter.id, 'CLIMBER')] : [];
    const routeId = projectors.length ? await seedRoutePage(seedUrl, adminToken, gymId, projectors) : '';
    const leaderboardGymId = wants('leaderweek', 'leaderall') ? await seedBenchGym(seedUrl, adminToken, 'Bench Leaderboard Gym') : undefined;
    // Invalidation: a route of the first gym listed is renamed while the others' pages are read.
    const listed = (await dataFrom(seedUrl, GYM_LIST, {})).gyms.edges.map((edge: any) => edge.node) as { id: string; slug: string; routes: { id: string }[] }[];
    const writtenGym = listed.find((gym) => gym.routes.length)!;
    written = { gymId: writtenGym.id, routeId: writtenGym.routes[0]!.id, adminToken };
    const benchGym = listed.find((gym) => gym.id === gymId)!;
    // Everything below goes straight into the database, which on PGlite no other process may hold.
    await cluster.stop();
    let statsToken = '';
    let feedTokens: string[] = [];
    if (wants(...issue9to19)) {
      statsToken = await sign(await seeded(`writing ${STATS_CLIMBS} climbs and the ratings of ${ROUTES} routes into the users database`, () => seedDeepLogbooks(dbs, gymId)), 'CLIMBER');
      const feedIds = await seeded(`writing the feed: ${options.connections} climbers following the same ${FOLLOWED} climbers with three months of sessions each`, () =>
        seedFeed(dbs, gymId, options.connections),
      );
      feedTokens = await Promise.all(feedIds.map((id) => sign(id, 'CLIMBER')));
    }
    const routes = await gymRoutes(dbs, gymId);
    const historyTokens: DeepTarget['historyTokens'] = {};
    for (const name of histories) {
      const climbs = HISTORY_SIZES[name];
      const id = await seeded(`writing a climber with ${climbs.toLocaleString('en-US')} climbs (INSERT … SELECT)`, () => seedHistory(dbs, gymId, routes, climbs));
      historyTokens[name] = await sign(id, 'CLIMBER');
    }
    if (leaderboardGymId) {
      const gymRoutesOf = await gymRoutes(dbs, leaderboardGymId);
      await seeded(`writing ${LEADERBOARD_CLIMBS.toLocaleString('en-US')} climbs at one gym (INSERT … SELECT)`, () => seedLeaderboardGym(dbs, leaderboardGymId, gymRoutesOf));
    }
    if (wants('import')) {
      const ids = await seedEmptyClimbers(dbs, options.rounds);
      bulk = { importTokens: await Promise.all(ids.map((id) => sign(id, 'CLIMBER'))), importParts: importParts(benchGym.slug, routes.map((route) => route.id)) };
    }
    await seeded('vacuuming and analyzing the users database', () => settleUsersDatabase(dbs));
    const readGymIds = listed.filter((gym) => gym !== writtenGym).map((gym) => gym.id);
    deep = { gymId, routeId, statsToken, feedTokens, historyTokens, leaderboardGymId, readGymIds };
    await startSubgraphs(cluster, setup, 'bench');
    await startSeedGateway();
  }
  const all = makeScenarios(write, deep);
  const scenarios: Scenario[] = options.scenarios.map((name) => all[name]);
  // The direct target replays what the gateway sent the subgraphs for a request: recorded for the scenarios it runs.
  const replayed = options.targets.includes('direct') ? scenarios.filter((scenario) => runsOn(scenario.name, 'direct')) : [];
  const plans = await recordPlans(recorder.record, seedUrl, replayed, tokens);
  await recorder.close();
  await cluster.stop();
  await dbs.copyForBaseline();

  log(`starting the targets: ${options.targets.join(', ')}`);
  cluster.cpuProfDir = options.cpuProfDir;
  await startSubgraphs(cluster, setup, 'bench');
  const targets = await startTargets(cluster, setup, options.targets);
  await checkTargets(targets, scenarios, plans, tokens, secretHeader, options.connections);
  log('every target answers the read scenarios with the router’s data, and the write succeeds everywhere');

  let rate: number | undefined;
  const secondsOf = (scenario: Scenario) => Math.max(options.duration, scenario.minSeconds ?? 0);
  const load = (scenario: Scenario, seconds: number): HammerOptions => ({
    headers: headersFor(scenario, tokens),
    bodies: scenario.bodies ?? [scenario.body],
    connections: scenario.connections ?? options.connections,
    seconds,
  });
  /** One measurement (round ≥ 1) or warm-up (round 0) of the scenario on the target. */
  const run = async (target: Target, scenario: Scenario, seconds: number, round: number): Promise<LoadResult> => {
    if (scenario.kind === 'import') return importLogbook(target.url!, bulk!.importTokens[round - 1]!, bulk!.importParts);
    if (scenario.kind === 'export') return exportLogbook(target.url!, deep!.historyTokens.stats100k!, HISTORY_SIZES.stats100k, cluster.pid('users'));
    if (scenario.kind === 'invalidation' && round > 0) return readWhileWriting(target.url!, load(scenario, seconds), written!, round);
    // A fixed-rate run warms up at saturation, as its requests' logbooks run does.
    if (scenario.kind === 'fixedRate' && round > 0 && rate && target.url) return { ...(await steady(target.url, load(scenario, seconds), rate)), extra: { rate } };
    return target.url ? await hammer(target.url, load(scenario, seconds)) : await replay(plans[scenario.name], secretHeader, options.connections, seconds);
  };
  const on = (scenario: Scenario) => targets.filter((target) => runsOn(scenario.name, target.key));

  // The reads every target runs are warmed up together first; every other scenario but import and
  // export (one long operation a round) warms up its own targets just before its rounds.
  const shared = (scenario: Scenario) => scenario.read && scenario.kind === 'closed' && !SCENARIO_TARGETS[scenario.name];
  const warmUp = async (list: Scenario[], seconds: number) => {
    for (const target of targets) {
      const mine = list.filter((scenario) => runsOn(scenario.name, target.key));
      if (!mine.length) continue;
      log(`warming up ${target.label} (${seconds} s: ${mine.map((s) => s.name).join(', ')})`);
      for (const scenario of mine) await run(target, scenario, seconds / mine.length, 0);
    }
  };
  if (scenarios.some(shared)) await warmUp(scenarios.filter(shared), options.warmup);

  const pidsOf = async () => {
    const pids = new Map(cluster.running.map((r) => [r.name, [r.pid]] as [string, number[]]));
    if (counter) pids.set('pg proxy', [counter.pid]);
    if (dbs.kind === 'postgres') pids.set('postgres', await dbs.backendPids());
    return pids;
  };
  const readPeakRss = async () => {
    const peaks = new Map<string, number>();
    for (const r of cluster.running) peaks.set(r.name, (await peakRssMb(r.pid)) ?? Number.NaN);
    if (counter) peaks.set('pg proxy', (await peakRssMb(counter.pid)) ?? Number.NaN);
    return peaks;
  };
  // Router and stock gateway memory compared where both served the same load: after the last
  // scenario the stock gateway runs (the router alone serves imports and exports after it).
  const lastOnStock = scenarios.filter((scenario) => runsOn(scenario.name, 'stock') && options.targets.includes('stock')).at(-1);
  let peakRss: Map<string, number> | undefined;
  const measurements: Measurement[] = [];
  for (const scenario of scenarios) {
    const mine = on(scenario);
    if (!mine.length) {
      log(`${scenario.name}: none of its targets (${SCENARIO_TARGETS[scenario.name]?.join(', ')}) is in this run`);
      continue;
    }
    if (scenario.kind === 'fixedRate') {
      const logbooks = mine.map((target) => median(measurements.filter((m) => m.scenario === 'logbooks' && m.target === target.key && !m.part).map((m) => m.load.rps)));
      rate = options.rate ?? chooseRate(logbooks);
      if (!rate) throw new Error('no logbooks req/s to choose the fixed rate from');
      const chosen = options.rate ? 'as --rate asks' : `half the slowest target’s logbooks req/s: ${logbooks.map((rps) => rps.toFixed(0)).join(', ')}`;
      log(`${scenario.name}: offered ${rate} req/s (${chosen})`);
      // logbooks, the same requests at saturation, warmed its targets up; a run without it (--rate) warms them here.
      if (!measurements.some((m) => m.scenario === 'logbooks')) await warmUp([scenario], options.warmup);
    } else if (!shared(scenario) && scenario.kind !== 'import' && scenario.kind !== 'export') {
      await warmUp([scenario], Math.max(2, options.warmup / 4));
    }
    const seconds = secondsOf(scenario);
    for (let round = 1; round <= options.rounds; round++) {
      // Each round starts one target further along, so no target always runs right after the same one.
      const order = mine.map((_, i) => mine[(i + round - 1) % mine.length]!);
      const measure = async (target: Target, load: () => Promise<LoadResult>, part?: string) => {
        await dbs.quiet();
        const [before, sqlBefore] = await Promise.all([pidsOf().then(sampleCpu), counter?.counts()]);
        const result = await load();
        const [after, sqlAfter] = await Promise.all([pidsOf().then(sampleCpu), counter?.counts()]);
        const cpu = cpuDelta(before, after);
        measurements.push({ round, scenario: scenario.name, target: target.key, part, load: result, cpu, sql: sqlDelta(sqlBefore, sqlAfter) });
        const label = part ? `  ↳ ${part}` : target.label;
        // CPU ms per request of the busy processes: how steady a round was shows here first.
        const busy = [...cpu].filter(([, ms]) => ms / result.sent >= 0.05).map(([name, ms]) => `${name} ${(ms / result.sent).toFixed(2)}`);
        const failed = result.failed ? `  FAILED ${result.failed}${result.problem ? `: ${result.problem}` : ''}` : '';
        const extra = Object.entries(result.extra ?? {}).map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(3)}`);
        log(
          `round ${round} ${scenario.name.padEnd(12)} ${label.padEnd(26)} ${result.rps.toFixed(0).padStart(5)} req/s  p50 ${latencyMs(result.p50)} p99 ${latencyMs(result.p99)} ms  cpu ${busy.join(', ')}${extra.length ? `  ${extra.join(', ')}` : ''}${failed}`,
        );
      };
      for (const target of order) {
        await measure(target, () => run(target, scenario, seconds, round));
        // Each request of a multi-request plan also alone, as the subgraph's own part of the query.
        const requests = plans[scenario.name]?.length === 1 ? plans[scenario.name][0]!.flat() : [];
        if (target.key !== 'direct' || !options.parts || !scenario.partsAlone || requests.length < 2) continue;
        for (const [i, request] of requests.entries()) {
          const headers = replayHeaders(request, secretHeader);
          const alone = { headers: [headers], bodies: [request.body], connections: options.connections, seconds };
          await measure(target, () => hammer(request.url, alone), `${request.subgraph} part ${i + 1}`);
        }
      }
    }
    if (scenario === lastOnStock) peakRss = await readPeakRss();
  }

  const peakRssWhen = peakRss ? `after ${lastOnStock!.name}, the last scenario the stock gateway runs` : 'whole run';
  peakRss ??= await readPeakRss();
  const minutes = (Date.now() - started) / 60_000;
  const markdown = render({ options, dbs: dbs.kind, targets, scenarios, measurements, peakRss, minutes, loadAtStart, seeds, peakRssWhen });
  console.log(`\n${markdown}`);
  if (options.writeDoc) {
    await writeDoc(markdown, dbs.kind);
    log('wrote docs/benchmarks.md');
  }
  if (options.cpuProfDir) log(`CPU profiles go to ${options.cpuProfDir} as the processes stop`);
} finally {
  await cleanUp();
}
