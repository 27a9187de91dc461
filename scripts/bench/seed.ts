/**
 * The seed phase, before anything is timed: the two subgraphs migrate and seed their demo data
 * (grade systems, gyms with routes, the demo accounts), and through the stock gateway the demo
 * climber gets a logbook of 20 sessions × 3 climbs, plus an older session that the write scenario
 * logs climbs into (it stays off the logbook's first page). Then each scenario is sent once through
 * the gateway with a recorder in front of the subgraphs, capturing its query plan's requests.
 */
import { graphql, signTestToken } from '@clmb/testkit';
import { LOG_CLIMB } from './scenarios';
import type { Scenario, ScenarioName, WriteTarget } from './scenarios';
import { type RecordedRequest, stages } from './recorder';

const LOG_IN = /* GraphQL */ `mutation { logIn(input: { email: "climber@clmb.dev", password: "clmb-demo" }) { user { id } } }`;
const GYMS = /* GraphQL */ `query { gyms(first: 20) { edges { node { id routes { id } } } } }`;
const START = /* GraphQL */ `mutation($input: StartSessionInput!) { startSession(input: $input) { id } }`;
const END = /* GraphQL */ `mutation($input: EndSessionInput!) { endSession(input: $input) { id } }`;
const DAY = 86_400_000;

export const SESSIONS = 20;
export const CLIMBS_PER_SESSION = 3;

async function call(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Record<string, any>> {
  const response = await graphql(url, query, variables, token);
  if (response.errors || !response.data) throw new Error(`seeding failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** A token for the demo climber, signed with this run's key and valid well past the run. */
export async function seedLogbook(gatewayUrl: string, privateKey: string): Promise<{ token: string; write: WriteTarget }> {
  const userId = (await call(gatewayUrl, LOG_IN, {})).logIn.user.id as string;
  const token = await signTestToken(privateKey, { sub: userId, role: 'CLIMBER', expiresAt: '3h' });
  const gyms = (await call(gatewayUrl, GYMS, {})).gyms.edges.map((e: any) => e.node) as { id: string; routes: { id: string }[] }[];
  const usable = gyms.filter((gym) => gym.routes.length >= CLIMBS_PER_SESSION);
  const today = Math.floor(Date.now() / DAY) * DAY;
  const session = async (gym: (typeof usable)[number], daysAgo: number, climbs: number) => {
    const startTime = new Date(today - daysAgo * DAY + 18 * 3_600_000);
    const id = (await call(gatewayUrl, START, { input: { gymId: gym.id, name: `Session ${daysAgo}`, startTime } }, token)).startSession.id as string;
    for (const route of gym.routes.slice(0, climbs)) {
      await call(gatewayUrl, LOG_CLIMB, { input: { sessionId: id, routeId: route.id, attempts: 2, sent: true, style: 'REDPOINT' } }, token);
    }
    const endTime = new Date(startTime.getTime() + (60 + 5 * (daysAgo % 12)) * 60_000);
    await call(gatewayUrl, END, { input: { id, endTime } }, token);
    return id;
  };
  for (let i = 0; i < SESSIONS; i++) await session(usable[i % usable.length]!, 2 * i + 1, CLIMBS_PER_SESSION);
  const writeGym = usable[0]!;
  const sessionId = await session(writeGym, 400, 0);
  return { token, write: { sessionId, routeId: writeGym.routes[0]!.id } };
}

/** Each scenario's plan: the subgraph requests it causes, grouped into stages that run in order. */
export type Plans = Record<ScenarioName, RecordedRequest[][]>;

export async function recordPlans(
  record: (action: () => Promise<unknown>) => Promise<RecordedRequest[]>,
  gatewayUrl: string,
  list: Scenario[],
  token: string,
): Promise<Plans> {
  const plans = {} as Plans;
  for (const scenario of list) {
    const { query, variables } = JSON.parse(scenario.body);
    const requests = await record(() => call(gatewayUrl, query, variables ?? {}, scenario.authenticated ? token : undefined));
    plans[scenario.name] = stages(requests);
  }
  return plans;
}
