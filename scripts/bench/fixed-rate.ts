/**
 * The fixed-rate latency run: requests at evenly spaced instants whatever the answers do (an open
 * loop, as wrk2 and k6's constant-arrival-rate drive a server), each request's latency counted
 * from the instant it was due. autocannon's `overallRate` is not that: each connection sends its
 * share of a second back to back as soon as the second starts, then waits for the next one, so
 * every second opens with a burst of the whole rate on every connection (saturated latency); and
 * its correction for coordinated omission takes `Math.ceil(1 / rate)`, 1 ms, as the expected
 * interval between requests, adding made-up samples under any answer slower than 1 ms.
 */
import { type HammerOptions, type LoadResult, post, quantile } from './load';

/**
 * The offered rate of the fixed-rate latency run: half what the slowest of its targets served in
 * this run's distinct-climber logbook (`logbooks`, medians), so that every target keeps up and
 * latency is measured unsaturated, as a ratio between targets at the same rate.
 */
export function chooseRate(logbooksRps: number[]): number | undefined {
  const measured = logbooksRps.filter((rps) => Number.isFinite(rps) && rps > 0);
  if (!measured.length) return undefined;
  return Math.max(1, Math.floor(Math.min(...measured) / 2));
}

/** How long the run waits, once the last request was due, for those still unanswered (counted as failed after). */
const DRAIN_MS = 10_000;

/**
 * `rate` requests a second for `seconds`, the i-th due at i / rate s, with `headers[i]` and
 * `bodies[i]` round robin (another climber each), over at most `connections` keep-alive sockets:
 * a request due while all of them are busy waits for one, and that wait is part of its latency.
 */
export async function steady(url: string, { headers, bodies, connections, seconds }: HammerOptions, rate: number): Promise<LoadResult> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (i: number, due: number) => {
    const done = post(url, bodies[i % bodies.length]!, headers[i % headers.length]!, connections).then(
      ({ status }) => {
        if (status === 200) latencies.push(performance.now() - due);
        else failed++;
      },
      () => {
        failed++;
      },
    );
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const started = performance.now();
  let next = 0;
  while (next < total) {
    // Every request due by now goes out (a late timer sends the ones it overslept, each timed from its own instant).
    const now = performance.now();
    while (next < total && started + next * interval <= now) {
      send(next, started + next * interval);
      next++;
    }
    if (next < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + next * interval - performance.now())));
  }
  const unanswered = await Promise.race([Promise.all(inFlight).then(() => 0), new Promise<number>((resolve) => setTimeout(() => resolve(inFlight.size), DRAIN_MS).unref())]);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, sent: total, rps: latencies.length / elapsed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), failed: failed + unanswered };
}
