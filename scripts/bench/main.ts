/**
 * `npm run bench`: what a request costs through each target, on Postgres (`--postgres` or
 * TEST_DATABASE_URL) or PGlite. Builds everything, seeds a climber's logbook, starts every target
 * once, checks that they all answer alike, warms each up, then measures interleaved rounds (each
 * round: every scenario × every target once) and reports medians. See docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '@clmb/common';
import { freePort, generateSigningKeys, repoRoot, signTestToken } from '@clmb/testkit';
import { benchBundle, buildAll } from './bundle';
import { checkTargets, headersFor } from './check';
import { Cluster, type PgCounter, startPgCounter } from './cluster';
import { createDatabases } from './databases';
import { ROUTES, STATS_CLIMBS, seedBenchGym, seedDeepLogbooks, seedRoutePage } from './deep-seed';
import { FOLLOWED, seedFeed } from './feed-seed';
import { hammer, type LoadResult, replay, replayHeaders } from './load';
import { parseOptions } from './options';
import { cpuDelta, peakRssMb, sampleCpu } from './proc';
import { startRecorder } from './recorder';
import { type Measurement, render, sqlDelta, writeDoc } from './report';
import { type DeepTarget, scenarios as makeScenarios, type Scenario } from './scenarios';
import { demoAccount, recordPlans, seedLogbooks } from './seed';
import { type Setup, startSubgraphs, startTargets, subgraphUrl, type Target } from './targets';

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
const loadAtStart = loadavg()[0]!;
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

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
  let deep: DeepTarget | undefined;
  if (options.scenarios.some((name) => name === 'stats' || name === 'community' || name === 'routepage' || name === 'feed' || name === 'feeds')) {
    const sign = (sub: string, role: 'CLIMBER' | 'ADMIN') => signTestToken(setup.keys.JWT_PRIVATE_KEY, { sub, role, expiresAt: '3h' });
    const adminToken = await sign(await demoAccount(seedUrl, DEMO_ACCOUNTS.admin.email), 'ADMIN');
    const gymId = await seedBenchGym(seedUrl, adminToken);
    // The route page's viewer is the logbook climber; the demo owner and setter project it too.
    const projectors = [tokens[0]!, await sign(DEMO_ACCOUNTS.owner.id, 'CLIMBER'), await sign(DEMO_ACCOUNTS.setter.id, 'CLIMBER')];
    const routeId = await seedRoutePage(seedUrl, adminToken, gymId, projectors);
    // 10,000 climbs go straight into the database, which on PGlite no other process may hold.
    await cluster.stop();
    log(`writing ${STATS_CLIMBS} climbs and the ratings of ${ROUTES} routes into the users database`);
    const statsToken = await sign(await seedDeepLogbooks(dbs, gymId), 'CLIMBER');
    log(`writing the feed: ${options.connections} climbers following the same ${FOLLOWED} climbers with three months of sessions each`);
    const feedTokens = await Promise.all((await seedFeed(dbs, gymId, options.connections)).map((id) => sign(id, 'CLIMBER')));
    deep = { gymId, routeId, statsToken, feedTokens };
    await startSubgraphs(cluster, setup, 'bench');
    await startSeedGateway();
  }
  const all = makeScenarios(write, deep);
  const scenarios: Scenario[] = options.scenarios.map((name) => all[name]);
  const plans = await recordPlans(recorder.record, seedUrl, scenarios, tokens);
  await recorder.close();
  await cluster.stop();
  await dbs.copyForBaseline();

  log(`starting the targets: ${options.targets.join(', ')}`);
  cluster.cpuProfDir = options.cpuProfDir;
  await startSubgraphs(cluster, setup, 'bench');
  const targets = await startTargets(cluster, setup, options.targets);
  await checkTargets(targets, scenarios, plans, tokens, secretHeader, options.connections);
  log('every target answers the read scenarios with the router’s data, and the write succeeds everywhere');

  const run = (target: Target, scenario: Scenario, seconds: number) =>
    target.url
      ? hammer(target.url, scenario.body, headersFor(scenario, tokens), options.connections, seconds)
      : replay(plans[scenario.name], secretHeader, options.connections, seconds);

  // Reads are measured before any write: the climbs the writes add would change the data (and the
  // statistics Postgres plans the reads with) from one round to the next.
  const reads = scenarios.filter((scenario) => scenario.read);
  const ordered = [...reads, ...scenarios.filter((scenario) => !scenario.read)];
  const warmUp = async (list: Scenario[], seconds: number) => {
    for (const target of targets) {
      log(`warming up ${target.label} (${seconds} s: ${list.map((s) => s.name).join(', ')})`);
      for (const scenario of list) await run(target, scenario, seconds / list.length);
    }
  };
  await warmUp(reads.length ? reads : ordered, options.warmup);

  const pidsOf = async () => {
    const pids = new Map(cluster.running.map((r) => [r.name, [r.pid]] as [string, number[]]));
    if (counter) pids.set('pg proxy', [counter.pid]);
    if (dbs.kind === 'postgres') pids.set('postgres', await dbs.backendPids());
    return pids;
  };
  const measurements: Measurement[] = [];
  for (const scenario of ordered) {
    if (!scenario.read && reads.length) await warmUp([scenario], options.warmup / scenarios.length);
    for (let round = 1; round <= options.rounds; round++) {
      // Each round starts one target further along, so no target always runs right after the same one.
      const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]!);
      const measure = async (target: Target, load: () => Promise<LoadResult>, part?: string) => {
        const [before, sqlBefore] = await Promise.all([pidsOf().then(sampleCpu), counter?.counts()]);
        const result = await load();
        const [after, sqlAfter] = await Promise.all([pidsOf().then(sampleCpu), counter?.counts()]);
        const cpu = cpuDelta(before, after);
        measurements.push({ round, scenario: scenario.name, target: target.key, part, load: result, cpu, sql: sqlDelta(sqlBefore, sqlAfter) });
        const label = part ? `  ↳ ${part}` : target.label;
        // CPU ms per request of the busy processes: how steady a round was shows here first.
        const busy = [...cpu].filter(([, ms]) => ms / result.sent >= 0.05).map(([name, ms]) => `${name} ${(ms / result.sent).toFixed(2)}`);
        const failed = result.failed ? `  FAILED ${result.failed}` : '';
        log(`round ${round} ${scenario.name.padEnd(8)} ${label.padEnd(26)} ${result.rps.toFixed(0).padStart(5)} req/s  p50 ${result.p50} p99 ${result.p99} ms  cpu ${busy.join(', ')}${failed}`);
      };
      for (const target of order) {
        await measure(target, () => run(target, scenario, options.duration));
        // Each request of a multi-request plan also alone, as the subgraph's own part of the query.
        const requests = plans[scenario.name].length === 1 ? plans[scenario.name][0]!.flat() : [];
        if (target.key !== 'direct' || !options.parts || !scenario.partsAlone || requests.length < 2) continue;
        for (const [i, request] of requests.entries()) {
          const headers = replayHeaders(request, secretHeader);
          await measure(target, () => hammer(request.url, request.body, [headers], options.connections, options.duration), `${request.subgraph} part ${i + 1}`);
        }
      }
    }
  }

  const peakRss = new Map<string, number>();
  for (const r of cluster.running) peakRss.set(r.name, (await peakRssMb(r.pid)) ?? Number.NaN);
  if (counter) peakRss.set('pg proxy', (await peakRssMb(counter.pid)) ?? Number.NaN);
  const minutes = (Date.now() - started) / 60_000;
  const markdown = render({ options, dbs: dbs.kind, targets, scenarios, measurements, peakRss, minutes, loadAtStart });
  console.log(`\n${markdown}`);
  if (options.writeDoc) {
    await writeDoc(markdown, dbs.kind);
    log('wrote docs/benchmarks.md');
  }
  if (options.cpuProfDir) log(`CPU profiles go to ${options.cpuProfDir} as the processes stop`);
} finally {
  await cleanUp();
}
