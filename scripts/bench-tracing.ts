/**
 * `npx tsx scripts/bench-tracing.ts`: what tracing costs. Two copies of the stack run side
 * by side, one without OTEL_EXPORTER_OTLP_ENDPOINT and one exporting every span to an OTLP/HTTP
 * sink on loopback (which reads and drops them). The logbook is driven through each router in
 * alternating rounds (autocannon, 10 connections), so drift on a shared machine hits both alike;
 * it prints the median requests per second of each and their ratio.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, freePort, generateSigningKeys, graphql, type Process, startProcess, waitForReady } from '@clmb/testkit';
import autocannon from 'autocannon';
import { seedDemoLogbook } from './demo-logbook';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROUND_S = Number(process.env['BENCH_ROUND_S'] ?? 8);
const LOGBOOK = /* GraphQL */ `query Logbook { me { sessions(first: 20) { edges { node {
  name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;

const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
}).listen(0, '127.0.0.1');
await once(sink, 'listening');
const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const keys = await generateSigningKeys();
const processes: Process[] = [];
const drops: (() => Promise<void>)[] = [];

/** One stack (gyms, users, router), with `extra` in every service's environment; returns its router URL. */
async function startStack(label: string, extra: Record<string, string>): Promise<string> {
  const databases = { users: await createTestDatabase(`${label}_users`), gyms: await createTestDatabase(`${label}_gyms`) };
  drops.push(databases.users.drop, databases.gyms.drop);
  const ports = { users: await freePort(), gyms: await freePort(), router: await freePort() };
  // From source, as `npm start` runs them (the router bundle outside production wants the explorer's page next to it).
  const base = { NODE_OPTIONS: '--import tsx', HOST: '127.0.0.1', LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: '1', SUBGRAPH_SECRET: randomBytes(32).toString('hex'), SEED_DEMO_DATA: 'true', ...extra };
  const url = (name: keyof typeof ports) => `http://127.0.0.1:${ports[name]}`;
  const gyms = startProcess('subgraphs/gyms/src/index.ts', { ...base, ...databases.gyms.env, PORT: String(ports.gyms), JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, USERS_URL: `${url('users')}/graphql` });
  const users = startProcess('subgraphs/users/src/index.ts', { ...base, ...databases.users.env, ...keys, PORT: String(ports.users), GYMS_URL: `${url('gyms')}/graphql` });
  const router = startProcess('router/src/index.ts', {
    ...base,
    PORT: String(ports.router),
    JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
    USERS_URL: `${url('users')}/graphql`,
    GYMS_URL: `${url('gyms')}/graphql`,
    // One user on 10 connections is what the per-client rate limit stops; this measures tracing.
    RATE_LIMIT_ENABLED: 'false',
  });
  processes.push(gyms, users, router);
  // From source on a busy machine, PGlite's start and migrations take a while.
  await waitForReady(`${url('gyms')}/ready`, gyms, 600);
  await waitForReady(`${url('users')}/ready`, users, 600);
  await waitForReady(`${url('router')}/ready`, router, 600);
  await seedDemoLogbook(`${url('router')}/graphql`);
  return `${url('router')}/graphql`;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const stacks = { off: await startStack('bench_off', {}), on: await startStack('bench_on', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }) };
  const rps: Record<keyof typeof stacks, number[]> = { off: [], on: [] };
  const options = async (url: string) => {
    const logIn = await graphql(url, /* GraphQL */ `mutation { logIn(input: { email: "climber@clmb.dev", password: "clmb-demo" }) { accessToken } }`);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${logIn.data?.['logIn'].accessToken}` };
    return { url, method: 'POST' as const, headers, body: JSON.stringify({ query: LOGBOOK }), connections: 10 };
  };
  const drive = { off: await options(stacks.off), on: await options(stacks.on) };
  // Warm both up (the first seconds of a Node server run 2-3x slower), then alternate.
  for (const arm of ['off', 'on'] as const) await autocannon({ ...drive[arm], duration: 10 });
  for (let round = 0; round < ROUNDS; round++) {
    for (const arm of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const result = await autocannon({ ...drive[arm], duration: ROUND_S });
      if (result.non2xx + result.errors > 0) throw new Error(`tracing ${arm}: ${result.non2xx + result.errors} failed requests`);
      rps[arm].push(result.requests.average);
    }
  }
  const [off, on] = [median(rps.off), median(rps.on)];
  console.log(`\nlogbook through the router, ${ROUNDS} alternating rounds of ${ROUND_S} s, 10 connections`);
  console.log(`tracing off: ${off.toFixed(0)} req/s (median; rounds ${rps.off.map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`tracing on:  ${on.toFixed(0)} req/s (median; rounds ${rps.on.map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`on / off: ${(on / off).toFixed(3)}`);
} finally {
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await Promise.all(drops.map((drop) => drop()));
  sink.close();
}
