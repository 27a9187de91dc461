/**
 * `npm run bench:fairness`: does one greedy client move another client's latency? One pair of
 * subgraphs and a router per arm over them: one with RATE_LIMIT_ENABLED=false, and one with the
 * per-client rate limit for each rate in FAIRNESS_RATES (points per second, comma-separated;
 * default 5000, the router's default). A polite client (the demo climber, the app's logbook of 20
 * sessions, 5 requests a second on one connection) is measured alone, then while a greedy client
 * (another user, 10 connections sending the costliest allowed query back to back, ignoring 429s)
 * runs beside it, measured from the greedy client's 6th second on (past the burst its bucket
 * saved up while idle: the steady state). Rounds go through the arms in turn, so drift on a shared
 * machine hits all alike; it prints the medians as a table, with the polite p50's ratio beside the
 * greedy client to alone. Everything runs on this machine: the greedy client's own process takes
 * CPU from the services too, as it would not from across a network.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { builders, dataFrom, gqlAt } from '@clmb/testkit';
import autocannon from 'autocannon';
import { LOGBOOK, LocalStacks, logInDemoClimber } from './bench/local-stack';
import { median } from './bench/report';
import { seedDemoLogbook } from './demo-logbook';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const ROUND_S = Number(process.env['BENCH_ROUND_S'] ?? 8);
const GREEDY_SESSIONS = 100;
const GREEDY_HEAD_START_S = 5;
/** One router per rate (RATE_LIMIT_POINTS_PER_SECOND), beside one without the limit. */
const RATES = (process.env['FAIRNESS_RATES'] ?? '10000').split(',').map(Number);
const ARMS = ['off', ...RATES.map((rate) => `on, ${rate}/s`)];
const ASCENTS = [
  { attempts: 1, sent: true, style: 'FLASH' },
  { attempts: 3, sent: true, style: 'REDPOINT' },
  { attempts: 5, sent: false, style: 'ATTEMPT' },
];

// The app's logbook at its largest page, and 24 sessions more: estimated cost 99,727 of the 100,000 allowed.
const PAGE = /* GraphQL */ `{ totalCount edges { node { name startTime endTime duration mood gym { name city gradeSystem { name } }
  climbs { attempts sent style route { colour name grade { value difficultyOrder } gym { slug } } } } } }`;
const GREEDY = /* GraphQL */ `query Greedy { me { username stats { sessionCount climbCount sendCount totalDuration }
  sessions(first: 100) ${PAGE} again: sessions(first: 24) ${PAGE} } }`;

const stacks = await LocalStacks.create();

/** Gyms, users and a router per arm, from source as `npm start` runs them; returns the routers' GraphQL URLs. */
async function startStack(): Promise<Record<string, string>> {
  const subgraphs = await stacks.subgraphs('fairness');
  const routers: Record<string, string> = {};
  for (const [i, arm] of ARMS.entries()) {
    routers[arm] = await subgraphs.startRouter({
      RATE_LIMIT_ENABLED: String(i > 0),
      ...(i > 0 && { RATE_LIMIT_POINTS_PER_SECOND: String(RATES[i - 1]) }),
    });
  }
  return routers;
}

/** A new climber with `GREEDY_SESSIONS` past sessions of three climbs each; returns the access token. */
async function seedGreedy(url: string): Promise<string> {
  const token = (await builders(gqlAt(url)).user({ username: 'greedy', email: 'greedy@example.com', password: 'a greedy password' })).accessToken;
  const gyms = (await dataFrom(url, /* GraphQL */ `{ gyms(first: 3) { edges { node { id routes { id } } } } }`, {}))['gyms'].edges.map(
    (edge: { node: { id: string; routes: { id: string }[] } }) => edge.node,
  );
  const day = 86_400_000;
  const today = Math.floor(Date.now() / day) * day;
  for (let i = 0; i < GREEDY_SESSIONS; i++) {
    const gym = gyms[i % gyms.length];
    const startTime = new Date(today - (i + 1) * day + 18 * 3_600_000);
    const started = await dataFrom(url, /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`, { input: { gymId: gym.id, name: `Session ${i}`, startTime } }, token);
    const sessionId = started['startSession'].id as string;
    await Promise.all(
      gym.routes.slice(0, 3).map((route: { id: string }, j: number) =>
        dataFrom(url, /* GraphQL */ `mutation($input: LogClimbInput!) { logClimb(input: $input) { id } }`, { input: { sessionId, routeId: route.id, ...ASCENTS[j] } }, token),
      ),
    );
    await dataFrom(url, /* GraphQL */ `mutation($input: EndSessionInput!) { endSession(input: $input) { id } }`, { input: { id: sessionId, endTime: new Date(startTime.getTime() + 90 * 60_000), mood: 'GOOD' } }, token);
  }
  return token;
}

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');

/**
 * The greedy client: 10 connections for `duration` seconds, from a process of its own (autocannon's
 * command line), so generating its load does not delay the polite client's own measurement, at
 * the lowest CPU priority: it stands for a client on another machine, whose CPU is not the
 * services' (refused at once, it sends hundreds of requests a second).
 */
function greedyClient(url: string, token: string, duration: number): Promise<autocannon.Result> {
  const args = ['-j', '-c', '10', '-d', String(duration), '-m', 'POST', '-H', 'content-type=application/json', '-H', `authorization=Bearer ${token}`, '-b', JSON.stringify({ query: GREEDY }), url];
  const child = spawn('nice', ['-n', '19', process.execPath, AUTOCANNON, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString('utf8'))) : reject(new Error(`greedy client exited ${code}`))));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const request = (url: string, query: string, token: string) => ({
  url,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ query }),
});

interface Round {
  alone: number;
  beside: number;
  /** Polite requests that failed or were refused, alone and beside the greedy client. */
  politeFailed: number;
  greedyServed: number;
  greedyRefused: number;
}

try {
  const routers = await startStack();
  const off = routers['off']!;
  await seedDemoLogbook(off);
  const politeToken = await logInDemoClimber(off);
  const greedyToken = await seedGreedy(off);
  const polite = (url: string, duration: number) => autocannon({ ...request(url, LOGBOOK, politeToken), connections: 1, overallRate: 5, duration });
  const greedy = (url: string, duration: number) => greedyClient(url, greedyToken, duration);

  // Warm both routers up (the first seconds of a Node server run 2-3x slower).
  for (const arm of ARMS) await Promise.all([polite(routers[arm]!, 5), greedy(routers[arm]!, 5)]);
  await pause(2_000);

  const rounds: Record<string, Round[]> = Object.fromEntries(ARMS.map((arm) => [arm, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts one arm further along.
    for (const arm of ARMS.map((_, i) => ARMS[(i + round) % ARMS.length]!)) {
      const alone = await polite(routers[arm]!, ROUND_S);
      // The greedy client starts first and ends last, so it runs through the whole measurement;
      // its first seconds (the burst its bucket saved up while idle) are left out.
      const hog = greedy(routers[arm]!, ROUND_S + GREEDY_HEAD_START_S + 1);
      await pause(GREEDY_HEAD_START_S * 1_000);
      const beside = await polite(routers[arm]!, ROUND_S);
      const hogged = await hog;
      // Let the greedy client's last requests drain before the next measurement.
      await pause(2_000);
      const refused = (hogged.statusCodeStats as Record<string, { count: number }>)['429']?.count ?? 0;
      rounds[arm]!.push({
        alone: alone.latency.p50,
        beside: beside.latency.p50,
        politeFailed: alone.non2xx + alone.errors + beside.non2xx + beside.errors,
        greedyServed: (hogged.requests.total - hogged.non2xx - hogged.errors) / hogged.duration,
        greedyRefused: refused / hogged.duration,
      });
      console.log(`round ${round + 1}, rate limit ${arm}: polite p50 ${alone.latency.p50} ms alone, ${beside.latency.p50} ms beside the greedy client`);
    }
  }

  console.log(`\nthe polite client's p50 (ms), alone and beside a greedy one; medians of ${ROUNDS} alternating rounds of ${ROUND_S} s`);
  console.log('| rate limit | polite p50 alone | polite p50 beside the greedy client | beside / alone | polite requests failed | greedy served/s | greedy refused (429)/s |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const arm of ARMS) {
    const r = rounds[arm]!;
    const [alone, beside] = [median(r.map((x) => x.alone)), median(r.map((x) => x.beside))];
    const failed = r.reduce((sum, x) => sum + x.politeFailed, 0);
    console.log(
      `| ${arm} | ${alone} | ${beside} | ${(beside / alone).toFixed(2)} | ${failed} | ${median(r.map((x) => x.greedyServed)).toFixed(1)} | ${median(r.map((x) => x.greedyRefused)).toFixed(0)} |`,
    );
  }
} finally {
  await stacks.stop();
}
