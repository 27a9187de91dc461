import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS } from '@clmb/common';
import { builders, createTestDatabase, errorCodes, freePort, generateSigningKeys, gqlAt, LOG_IN, type Process, startProcess, type TestDatabase, waitForReady } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver';
import { type Family, parsePrometheusText } from './prometheus-text';

type Name = 'router' | 'users' | 'gyms';
const NAMES: Name[] = ['gyms', 'users', 'router'];
const ENTRY: Record<Name, string> = { router: 'router/src/index.ts', users: 'subgraphs/users/src/index.ts', gyms: 'subgraphs/gyms/src/index.ts' };
const LOGBOOK = /* GraphQL */ `query Logbook { me { id sessions { edges { node { gym { slug } mood } } } } }`;

// Three processes, as deployed: each exports its own spans to the receiver, as three pods would to a collector.
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
const databases: TestDatabase[] = [];
const processes: Partial<Record<Name, Process>> = {};
const base: Record<Name, string> = { router: '', users: '', gyms: '' };
/** Where each service serves /metrics: users on a METRICS_PORT of its own, as in Kubernetes. */
const metricsAt: Record<Name, string> = { router: '', users: '', gyms: '' };
let climber: string;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const keys = await generateSigningKeys();
  const ports = { router: await freePort(), users: await freePort(), gyms: await freePort() };
  for (const name of NAMES) base[name] = metricsAt[name] = `http://127.0.0.1:${ports[name]}`;
  const usersMetricsPort = await freePort();
  metricsAt.users = `http://127.0.0.1:${usersMetricsPort}`;
  const users = await createTestDatabase('users');
  const gyms = await createTestDatabase('gyms');
  databases.push(users, gyms);
  const common = {
    NODE_OPTIONS: '--import tsx',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    SEED_DEMO_DATA: 'true',
    SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
    JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  const env: Record<Name, Record<string, string>> = {
    gyms: { ...common, ...gyms.env, PORT: String(ports.gyms), USERS_URL: `${base.users}/graphql` },
    users: {
      ...common,
      ...users.env,
      ...keys,
      PORT: String(ports.users),
      METRICS_PORT: String(usersMetricsPort),
      GYMS_URL: `${base.gyms}/graphql`,
      LOGIN_FAILURES_BEFORE_DELAY: '1',
    },
    // Caches off: every logbook request reaches both subgraphs, so each one is a whole trace.
    router: { ...common, PORT: String(ports.router), USERS_URL: `${base.users}/graphql`, GYMS_URL: `${base.gyms}/graphql`, CACHE_ENABLED: 'false' },
  };
  for (const name of NAMES) {
    const started = startProcess(ENTRY[name], env[name]);
    processes[name] = started;
    await waitForReady(`${base[name]}/ready`, started, 240);
  }
  // A logbook whose page reaches both subgraphs: a session at a gym.
  const build = builders(router());
  const admin = (await build.logIn(DEMO_ACCOUNTS.admin.email)).accessToken;
  const { gymId } = await build.gymWithRoutes(admin, { slug: 'traced-wall', routeCount: 0 });
  climber = (await build.logIn(DEMO_ACCOUNTS.climber.email)).accessToken;
  await build.session(climber, { gymId });
}, 180_000);

afterAll(async () => {
  for (const started of Object.values(processes)) {
    started.child.kill('SIGTERM');
    await started.exited;
  }
  await Promise.all(databases.map((database) => database.drop()));
  await receiver?.stop();
});

const router = () => gqlAt(`${base.router}/graphql`);

/** Polls until `ready` holds for the spans received so far (the exporters send in batches). */
async function spansUntil(ready: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  for (let i = 0; i < 100 && !ready(receiver.spans); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return receiver.spans;
}

describe('traces', () => {
  it('follows one logbook request as one trace through the router and both subgraphs down to each SQL statement', async () => {
    const logbook = await router()(LOGBOOK, {}, climber);
    expect(logbook.errors).toBeUndefined();
    const userId: string = logbook.data?.['me'].id;
    const isLogbook = (span: ReceivedSpan) => span.service === 'router' && span.attributes['graphql.operation.name'] === 'Logbook';
    const traceId = (await spansUntil((spans) => spans.some(isLogbook))).find(isLogbook)?.traceId;
    const inTrace = (spans: ReceivedSpan[]) => spans.filter((span) => span.traceId === traceId);
    const sqlOf = (spans: ReceivedSpan[], service: string) => inTrace(spans).filter((s) => s.service === service && s.attributes['db.statement']);
    // The router's request span ends last, after the response, so it may come in a later batch than its children.
    const rooted = (spans: ReceivedSpan[]) => inTrace(spans).some((span) => span.service === 'router' && !span.parentSpanId);
    const trace = inTrace(await spansUntil((spans) => rooted(spans) && sqlOf(spans, 'users').length > 0 && sqlOf(spans, 'gyms').length > 0));

    expect(new Set(trace.map((span) => span.service))).toEqual(new Set(['router', 'users', 'gyms']));
    // One root, the router's request; every other span hangs under a span of the same trace.
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    expect(trace.filter((span) => !span.parentSpanId).map((span) => span.service)).toEqual(['router']);
    for (const span of trace) if (span.parentSpanId) expect(byId.has(span.parentSpanId), span.name).toBe(true);
    // A subgraph's request is a child of the gateway's fetch from that subgraph.
    for (const subgraph of ['users', 'gyms']) {
      const entered = trace.filter((span) => span.service === subgraph && byId.get(span.parentSpanId ?? '')?.service !== subgraph);
      expect(entered.map((span) => [span.name, byId.get(span.parentSpanId ?? '')?.name])).toEqual([['POST /graphql', 'gateway.fetch']]);
    }
    // Each statement under its own subgraph's request, on its own service's tables, without its parameters.
    for (const service of ['users', 'gyms']) {
      for (const sql of sqlOf(trace, service)) {
        expect(byId.get(sql.parentSpanId ?? '')?.service).toBe(service);
        expect(sql.attributes['db.statement']).toContain(`"${service}".`);
      }
    }
    expect(JSON.stringify(trace)).not.toContain(userId);
  });
});

async function scrape(name: Name): Promise<Family[]> {
  const response = await fetch(`${metricsAt[name]}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await response.text());
}

/** The sum of a counter's values, or of a histogram's counts, over the samples whose labels include `labels`. */
function sample(families: Family[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((candidate) => candidate.name === name);
  const wanted = family?.type === 'histogram' ? `${name}_count` : name;
  return (family?.samples ?? [])
    .filter((s) => s.name === wanted && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('/metrics', () => {
  it('serves Prometheus text on every service, and its counters move with traffic', async () => {
    const before = { router: await scrape('router'), users: await scrape('users'), gyms: await scrape('gyms') };
    for (const families of Object.values(before)) expect(families.map((family) => family.name)).toContain('process_cpu_seconds_total');
    // With a METRICS_PORT, the service's own port does not serve them.
    expect((await fetch(`${base.users}/metrics`)).status).toBe(404);

    await router()(LOGBOOK, {}, climber);
    const after = { router: await scrape('router'), users: await scrape('users'), gyms: await scrape('gyms') };
    const moved = (name: Name, metric: string, labels: Record<string, string>) => sample(after[name], metric, labels) - sample(before[name], metric, labels);
    expect(moved('router', 'graphql_request_duration_seconds', { operation: 'Logbook', outcome: 'ok' })).toBe(1);
    expect(moved('router', 'subgraph_fetch_duration_seconds', { subgraph: 'users', outcome: 'ok' })).toBe(1);
    expect(moved('router', 'subgraph_fetch_duration_seconds', { subgraph: 'gyms', outcome: 'ok' })).toBe(1);
    // Beside the logbook, the router and gyms poll users for token revocations every 2 s.
    const polls = moved('users', 'graphql_request_duration_seconds', { operation: 'TokenRevocations', outcome: 'ok' });
    expect(moved('users', 'graphql_request_duration_seconds', { outcome: 'ok' }) - polls).toBe(1);
    expect(moved('gyms', 'graphql_request_duration_seconds', { outcome: 'ok' })).toBe(1);
    for (const name of ['users', 'gyms'] as const) {
      expect(after[name].find((family) => family.name === 'db_pool_connections_in_use')?.samples[0]?.labels).toEqual({ database: name });
      expect(sample(after[name], 'db_pool_waiting', { database: name })).toBe(0);
    }
  });

  it("counts the log-in throttle's rejections on the users subgraph", async () => {
    const before = sample(await scrape('users'), 'rate_limit_rejections_total');
    const wrong = { input: { email: DEMO_ACCOUNTS.climber.email, password: 'not-the-password' } };
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i++) codes.push(...errorCodes(await router()(LOG_IN, wrong)));
    expect(codes).toContain('TOO_MANY_REQUESTS');
    const rejected = codes.filter((code) => code === 'TOO_MANY_REQUESTS').length;
    expect(sample(await scrape('users'), 'rate_limit_rejections_total') - before).toBe(rejected);
  });
});
