/**
 * `npm run bench`: what a request costs. Builds the three services and runs them as processes
 * (as in production, one per service) on embedded PGlite (or on Postgres, with TEST_DATABASE_URL
 * as for the tests), seeds a climber with a logbook of 20 sessions, then drives each scenario
 * with autocannon: 10 s warm-up (discarded), then 15 s measured, 10 connections. Prints requests
 * per second, latency percentiles and CPU milliseconds per request of each process.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createTestDatabase,
  freePort,
  generateSigningKeys,
  graphql,
  type Process,
  repoRoot,
  run,
  startProcess,
  waitForReady,
} from '@clmb/testkit';
import autocannon from 'autocannon';
import { SUBGRAPH_SECRET_HEADER } from '@clmb/common';

const WARMUP_S = Number(process.env['BENCH_WARMUP_S'] ?? 10);
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 15);
const CONNECTIONS = 10;

const LOGBOOK = /* GraphQL */ `query Logbook { me { sessions(first: 20) { edges { node {
  name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;
const SESSIONS_ONLY = /* GraphQL */ `query Sessions { me { sessions(first: 20) { edges { node {
  name duration climbs { attempts sent } } } } } }`;
const GYMS = /* GraphQL */ `query Gyms { gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;

/** CPU time (user + system, ms) a process has used, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

for (const service of ['users', 'gyms', 'router']) {
  await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', service], { cwd: repoRoot });
}
const keys = await generateSigningKeys();
const databases = { users: await createTestDatabase('bench_users'), gyms: await createTestDatabase('bench_gyms') };
const ports = { users: await freePort(), gyms: await freePort(), router: await freePort() };
const secret = randomBytes(32).toString('hex');
const base = { HOST: '127.0.0.1', LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: '1', SUBGRAPH_SECRET: secret, SEED_DEMO_DATA: 'true' };
const gymsUrl = `http://127.0.0.1:${ports.gyms}/graphql`;
const usersUrl = `http://127.0.0.1:${ports.users}/graphql`;
const routerUrl = `http://127.0.0.1:${ports.router}/graphql`;
const processes: Record<'gyms' | 'users' | 'router', Process> = {
  gyms: startProcess('subgraphs/gyms/dist/index.js', { ...base, ...databases.gyms.env, PORT: String(ports.gyms), JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY }),
  users: startProcess('subgraphs/users/dist/index.js', { ...base, ...databases.users.env, ...keys, PORT: String(ports.users), GYMS_URL: gymsUrl }),
  router: startProcess('router/dist/index.js', { ...base, PORT: String(ports.router), JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, USERS_URL: usersUrl, GYMS_URL: gymsUrl }),
};

try {
  await waitForReady(`http://127.0.0.1:${ports.router}/ready`, processes.router);
  const logIn = await graphql(routerUrl, /* GraphQL */ `mutation { logIn(input: { email: "climber@clmb.dev", password: "clmb-demo" }) { accessToken } }`);
  if (!logIn.data) throw new Error(`demo login failed: ${JSON.stringify(logIn.errors)}`);
  const token = logIn.data['logIn'].accessToken as string;
  const gyms = await graphql(routerUrl, /* GraphQL */ `query { gyms(first: 5) { edges { node { id routes { id } } } } }`);
  const gymList = gyms.data!['gyms'].edges.map((e: { node: { id: string; routes: { id: string }[] } }) => e.node);
  for (let i = 0; i < 20; i++) {
    const gym = gymList[i % gymList.length];
    const started = await graphql(routerUrl, /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId: gym.id } }, token);
    for (const route of gym.routes.slice(0, 3)) {
      await graphql(routerUrl, /* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`,
        { input: { sessionId: started.data!['startSession'].id, routeId: route.id, attempts: 2, sent: true } }, token);
    }
  }

  const scenarios: { name: string; url: string; query: string; headers: Record<string, string> }[] = [
    { name: 'logbook through the router (users → gyms)', url: routerUrl, query: LOGBOOK, headers: {} },
    { name: 'sessions straight from the users subgraph', url: usersUrl, query: SESSIONS_ONLY, headers: { [SUBGRAPH_SECRET_HEADER]: secret } },
    { name: 'gyms with routes through the router', url: routerUrl, query: GYMS, headers: {} },
  ];
  const rows: string[] = [];
  for (const scenario of scenarios) {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...scenario.headers };
    const check = await graphql(scenario.url, scenario.query, {}, token, scenario.headers);
    if (check.errors) throw new Error(`${scenario.name}: ${JSON.stringify(check.errors)}`);
    const options = { url: scenario.url, method: 'POST' as const, headers, body: JSON.stringify({ query: scenario.query }), connections: CONNECTIONS };
    await autocannon({ ...options, duration: WARMUP_S });
    const before = await Promise.all(Object.values(processes).map((p) => cpuMs(p.child.pid!)));
    const result = await autocannon({ ...options, duration: DURATION_S });
    const after = await Promise.all(Object.values(processes).map((p) => cpuMs(p.child.pid!)));
    const cpu = Object.keys(processes).map((name, i) => `${name} ${((after[i]! - before[i]!) / result.requests.total).toFixed(2)}`);
    rows.push(
      `| ${scenario.name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} / ${result.latency.p99} | ${result.non2xx + result.errors} | ${cpu.join(', ')} |`,
    );
  }
  console.log(`\nclmb bench: ${databases.users.kind}, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up, ${DURATION_S} s measured\n`);
  console.log('| scenario | req/s (mean) | p50 / p99 ms | failed | CPU ms per request |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
} finally {
  for (const p of Object.values(processes)) p.child.kill('SIGTERM');
  await Promise.all(Object.values(processes).map((p) => p.exited));
  await Promise.all([databases.users.drop(), databases.gyms.drop()]);
}
