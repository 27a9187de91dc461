/**
 * A few past sessions for climber@clmb.dev, logged through the router exactly as the app would,
 * so a freshly started clmb has a logbook to show in Sandbox. Only `npm start` calls it, and only
 * right after it created the embedded users database.
 */
const LOG_IN = /* GraphQL */ `mutation LogIn { logIn(input: { email: "climber@clmb.dev", password: "clmb-demo" }) { accessToken } }`;
const GYMS = /* GraphQL */ `query Gyms { gyms(first: 3) { edges { node { id routes { id } } } } }`;
const START = /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`;
const LOG = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const END = /* GraphQL */ `mutation EndSession($input: EndSessionInput!) { endSession(input: $input) { id } }`;

const ASCENTS = [
  { attempts: 1, sent: true, style: 'FLASH' },
  { attempts: 3, sent: true, style: 'REDPOINT', notes: 'Drop-knee on the arete' },
  { attempts: 5, sent: false, style: 'ATTEMPT' },
  { attempts: 2, sent: true, style: 'REDPOINT' },
];
const MOODS = ['GOOD', 'EXCELLENT', 'OKAY'];
const DAY = 86_400_000;

type Data = Record<string, any>;

async function call(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Data> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`demo logbook: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Returns the number of sessions logged. */
export async function seedDemoLogbook(url: string): Promise<number> {
  const token = (await call(url, LOG_IN)).logIn.accessToken as string;
  const gyms = (await call(url, GYMS)).gyms.edges.map((edge: Data) => edge.node) as { id: string; routes: { id: string }[] }[];
  const today = Math.floor(Date.now() / DAY) * DAY;
  for (const [i, gym] of gyms.entries()) {
    const start = new Date(today - (3 * i + 2) * DAY + 18 * 3_600_000);
    const session = (await call(url, START, { input: { gymId: gym.id, name: `Evening session ${i + 1}`, startTime: start } }, token)).startSession.id;
    for (const [j, route] of gym.routes.slice(0, ASCENTS.length).entries()) {
      await call(url, LOG, { input: { sessionId: session, routeId: route.id, ...ASCENTS[j] } }, token);
    }
    const endTime = new Date(start.getTime() + (75 + 15 * i) * 60_000);
    await call(url, END, { input: { id: session, endTime, mood: MOODS[i % MOODS.length] } }, token);
  }
  return gyms.length;
}
