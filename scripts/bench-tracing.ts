/**
 * `npx tsx scripts/bench-tracing.ts`: what tracing costs. Two copies of the stack run side
 * by side, one without OTEL_EXPORTER_OTLP_ENDPOINT and one exporting every span to an OTLP/HTTP
 * sink on loopback (which reads and drops them). The logbook is driven through each router in
 * alternating rounds (autocannon, 10 connections), so drift on a shared machine hits both alike;
 * it prints the median requests per second of each and their ratio.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { LOGBOOK, LocalStacks, logInDemoClimber } from './bench/local-stack';
import { median } from './bench/report';
import { seedDemoLogbook } from './demo-logbook';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROUND_S = Number(process.env['BENCH_ROUND_S'] ?? 8);

const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
}).listen(0, '127.0.0.1');
await once(sink, 'listening');
const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const stacks = await LocalStacks.create();

/** One stack (gyms, users, router), with `env` in every service's environment; returns its router URL. */
async function startStack(label: string, env: Record<string, string>): Promise<string> {
  // One user on 10 connections is what the per-client rate limit stops; this measures tracing.
  const url = await (await stacks.subgraphs(label, env)).startRouter({ RATE_LIMIT_ENABLED: 'false' });
  await seedDemoLogbook(url);
  return url;
}

try {
  const routers = { off: await startStack('bench_off', {}), on: await startStack('bench_on', { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }) };
  const rps: Record<keyof typeof routers, number[]> = { off: [], on: [] };
  const options = async (url: string) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await logInDemoClimber(url)}` };
    return { url, method: 'POST' as const, headers, body: JSON.stringify({ query: LOGBOOK }), connections: 10 };
  };
  const drive = { off: await options(routers.off), on: await options(routers.on) };
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
  await stacks.stop();
  sink.close();
}
