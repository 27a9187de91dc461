/**
 * The seed phase, before anything is timed: the two subgraphs migrate and seed their demo data
 * (grade systems, gyms with routes, the demo accounts), and through the stock gateway the demo
 * climber (and, for the `logbooks` scenario, one more climber per extra connection) gets a logbook
 * of 20 sessions × 3 climbs; the demo climber also gets an older session that the write scenario
 * logs climbs into (it stays off the logbook's first page). Then each scenario is sent once through
 * the gateway with a recorder in front of the subgraphs, capturing its query plan's requests.
 */
import { DEMO_ACCOUNTS } from '@clmb/common';
import { builders, dataFrom, gqlAt, signTestToken } from '@clmb/testkit';
import { LOG_CLIMB } from './scenarios';
import { type Scenario, type ScenarioName, tokensOf, type WriteTarget } from './scenarios';
import { type RecordedRequest, stages } from './recorder';

const GYMS = /* GraphQL */ `query { gyms(first: 20) { edges { node { id routes { id } } } } }`;
const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`;
const END = /* GraphQL */ `mutation($input: EndSessionInput!) { endSession(input: $input) { id } }`;
const DAY = 86_400_000;

export const SESSIONS = 20;
export const CLIMBS_PER_SESSION = 3;

type Gym = { id: string; routes: { id: string }[] };

/** One ended session at `gym`, `daysAgo` days back, with a climb on each of its first `climbs` routes. */
async function logSession(url: string, token: string, gym: Gym, daysAgo: number, climbs: number): Promise<string> {
  const startTime = new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY + 18 * 3_600_000);
  const id = (await dataFrom(url, START, { input: { gymId: gym.id, name: `Session ${daysAgo}`, startTime } }, token)).startSession.id as string;
  for (const route of gym.routes.slice(0, climbs)) {
    await dataFrom(url, LOG_CLIMB, { input: { sessionId: id, routeId: route.id, attempts: 2, sent: true, style: 'REDPOINT' } }, token);
  }
  const endTime = new Date(startTime.getTime() + (60 + 5 * (daysAgo % 12)) * 60_000);
  await dataFrom(url, END, { input: { id, endTime } }, token);
  return id;
}

/** The id of a demo account (seeded by the users service), by logging in. */
export const demoAccount = async (url: string, email: string): Promise<string> => (await builders(gqlAt(url)).logIn(email)).user.id;

/**
 * Logbooks for `climbers` climbers, the demo climber first. Their tokens are signed with this
 * run's key and valid well past the run.
 */
export async function seedLogbooks(url: string, privateKey: string, climbers: number): Promise<{ tokens: string[]; write: WriteTarget }> {
  const ids = [await demoAccount(url, DEMO_ACCOUNTS.climber.email)];
  for (let i = 1; i < climbers; i++) {
    const climber = { email: `bench-climber-${i}@clmb.dev`, username: `bench-climber-${i}`, password: 'bench-climber-password' };
    ids.push((await builders(gqlAt(url)).user(climber)).user.id);
  }
  const tokens = await Promise.all(ids.map((sub) => signTestToken(privateKey, { sub, role: 'CLIMBER', expiresAt: '3h' })));
  const gyms = ((await dataFrom(url, GYMS, {})).gyms.edges.map((e: any) => e.node) as Gym[]).filter((gym) => gym.routes.length >= CLIMBS_PER_SESSION);
  await Promise.all(
    tokens.map(async (token) => {
      for (let i = 0; i < SESSIONS; i++) await logSession(url, token, gyms[i % gyms.length]!, 2 * i + 1, CLIMBS_PER_SESSION);
    }),
  );
  const sessionId = await logSession(url, tokens[0]!, gyms[0]!, 400, 0);
  return { tokens, write: { sessionId, routeId: gyms[0]!.routes[0]!.id } };
}

/**
 * Each scenario's plan: the subgraph requests it causes, grouped into stages that run in order;
 * one plan per climber for a scenario whose connections each speak for a different climber.
 */
export type Plans = Record<ScenarioName, RecordedRequest[][][]>;

export async function recordPlans(
  record: (action: () => Promise<unknown>) => Promise<RecordedRequest[]>,
  url: string,
  list: Scenario[],
  tokens: string[],
): Promise<Plans> {
  const plans = {} as Plans;
  for (const scenario of list) {
    const { query, variables } = JSON.parse(scenario.body);
    plans[scenario.name] = [];
    for (const token of tokensOf(scenario, tokens)) {
      const requests = await record(() => dataFrom(url, query, variables ?? {}, scenario.authenticated ? token : undefined));
      plans[scenario.name].push(stages(requests));
    }
  }
  return plans;
}
