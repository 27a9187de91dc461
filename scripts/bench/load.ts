/**
 * Load generation, 10 connections by default: autocannon for a single endpoint (a fixed rate is
 * fixed-rate.ts's); for the subgraphs called directly, a small driver that replays the query
 * plan's requests per client request (each stage after the previous one, a stage's requests in
 * parallel), over keep-alive sockets.
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import type { RecordedRequest } from './recorder';

export interface LoadResult {
  /** Completed client requests (for the direct target: whole chains). */
  requests: number;
  /** Requests the targets worked on: with autocannon also those still in flight when it stopped. */
  sent: number;
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  /** What a scenario measures besides requests (climbs/s, a hit ratio, a peak RSS), by name. */
  extra?: Record<string, number>;
  /** The first failure's answer, for the log. */
  problem?: string;
}

export interface HammerOptions {
  /** `headers[i]` for the i-th connection, round robin. */
  headers: Record<string, string>[];
  /** `bodies[i]` for the i-th connection, round robin (each reads another gym, say). */
  bodies: string[];
  connections: number;
  seconds: number;
}

/** Each connection sends its next request as soon as the last is answered (a closed loop: saturation). */
export async function hammer(url: string, { headers, bodies, connections, seconds }: HammerOptions): Promise<LoadResult> {
  let connection = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers[0] },
    setupClient: (client) => {
      const i = connection++;
      client.setHeaders({ 'content-type': 'application/json', ...headers[i % headers.length] });
      client.setBody(bodies[i % bodies.length]!);
    },
    body: bodies[0]!,
    connections,
    duration: seconds,
  });
  const requests = result.requests.total;
  const failed = result.non2xx + result.errors;
  return { requests, sent: result.requests.sent, rps: requests / result.duration, p50: result.latency.p50, p99: result.latency.p99, failed };
}

/** The `q` quantile (0.5: the median) of latencies sorted ascending; 0 for none. */
export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const agents = new Map<string, Agent>();
const agentFor = (url: string, connections: number): Agent => {
  const origin = new URL(url).origin;
  if (!agents.has(origin)) agents.set(origin, new Agent({ keepAlive: true, maxSockets: connections }));
  return agents.get(origin)!;
};

/** One subgraph request; resolves with the status and body. */
export function post(url: string, body: string, headers: Record<string, string>, connections: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: agentFor(url, connections), headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The headers a replayed request carries: the client's token as recorded, and the subgraph secret. */
export const replayHeaders = (recorded: RecordedRequest, secretHeader: Record<string, string>): Record<string, string> => ({
  ...secretHeader,
  ...(recorded.authorization && { authorization: recorded.authorization }),
});

/** Client i replays `plans[i]`, round robin (one plan per climber, or the same for all). */
export async function replay(plans: RecordedRequest[][][], secretHeader: Record<string, string>, connections: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (_: unknown, i: number) => {
    const plan = plans[i % plans.length]!;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      let ok = true;
      for (const stage of plan) {
        const answers = await Promise.all(stage.map((r) => post(r.url, r.body, replayHeaders(r, secretHeader), connections).catch(() => ({ status: 0, text: '' }))));
        ok &&= answers.every((answer) => answer.status === 200);
      }
      if (ok) latencies.push(performance.now() - t0);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, sent: latencies.length + failed, rps: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failed };
}
