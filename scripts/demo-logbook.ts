/**
 * Months of past sessions for climber@clmb.dev, and recent sends of the other demo climbers,
 * logged through the router exactly as the app would (so every climb freezes its route's grade),
 * so a freshly started clmb has a logbook, stats, a grade pyramid and leaderboards to show in
 * Sandbox. Only `npm start` calls it, and only right after it created the embedded users database.
 */
import { DEMO_ACCOUNTS } from '@clmb/common';
import { builders, dataFrom, gqlAt } from '@clmb/testkit';

const GYMS = /* GraphQL */ `query Gyms { gyms(first: 5) { edges { node { id routes { id grade { scale } } } } } gradeSystems { id name } }`;
const START = /* GraphQL */ `mutation StartSession($input: StartSessionInput!) { startSession(input: $input) { id } }`;
const LOG = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id } }`;
const END = /* GraphQL */ `mutation EndSession($input: EndSessionInput!) { endSession(input: $input) { id } }`;
const PREFER = /* GraphQL */ `mutation Prefer($input: UpdatePreferencesInput!) { updatePreferences(input: $input) { showOnLeaderboards } }`;

/** A session's climbs, easiest route of its window first. */
const ASCENTS = [
  { attempts: 1, sent: true, style: 'FLASH' },
  { attempts: 3, sent: true, style: 'REDPOINT', notes: 'Drop-knee on the arete' },
  { attempts: 2, sent: true, style: 'REDPOINT' },
  { attempts: 5, sent: false, style: 'ATTEMPT' },
];
const MOODS = ['GOOD', 'EXCELLENT', 'OKAY'];
/** Weekly sessions over about four months. */
const HISTORY_SESSIONS = 16;
const DAY = 86_400_000;

type Data = Record<string, any>;
interface Gym {
  id: string;
  /** Easiest first. */
  routes: { id: string }[];
}

/** A session started `daysAgo` at 18:00 UTC, its climbs on `routes`, ended 75 to 105 minutes later. */
async function logSession(url: string, token: string, gym: Gym, daysAgo: number, routes: { id: string }[], n: number) {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const start = new Date(today - daysAgo * DAY + 18 * 3_600_000);
  const session = (await dataFrom(url, START, { input: { gymId: gym.id, name: `Evening session ${n}`, startTime: start } }, token)).startSession.id;
  for (const [j, route] of routes.entries()) await dataFrom(url, LOG, { input: { sessionId: session, routeId: route.id, ...ASCENTS[j % ASCENTS.length] } }, token);
  const endTime = new Date(start.getTime() + (75 + 15 * (n % 3)) * 60_000);
  await dataFrom(url, END, { input: { id: session, endTime, mood: MOODS[n % MOODS.length] } }, token);
}

/** Returns the number of sessions logged for the demo climber; any error stops the demo seeding. */
export async function seedDemoLogbook(url: string): Promise<number> {
  const { logIn } = builders(gqlAt(url));
  const token = (await logIn(DEMO_ACCOUNTS.climber.email)).accessToken;
  const data = await dataFrom(url, GYMS);
  const gyms: Gym[] = data.gyms.edges.map(({ node }: Data) => ({
    id: node.id,
    routes: [...node.routes].sort((a: Data, b: Data) => a.grade.scale - b.grade.scale),
  }));
  // The demo climber thinks in Font: V-scale boulders show converted in their stats.
  const font = data.gradeSystems.find((system: Data) => system.name === 'Font');
  if (font) await dataFrom(url, PREFER, { input: { boulderGradeSystemId: font.id } }, token);
  // Weekly, oldest first, the routes tried getting harder over the months: a progression to see.
  for (let n = 0; n < HISTORY_SESSIONS; n++) {
    const gym = gyms[n % gyms.length]!;
    const window = Math.min(4, gym.routes.length);
    const from = Math.round(((gym.routes.length - window) * n) / (HISTORY_SESSIONS - 1));
    await logSession(url, token, gym, (HISTORY_SESSIONS - n) * 7 + 1, gym.routes.slice(from, from + window), n + 1);
  }
  // This week, at the first gym: sends for its leaderboard.
  for (const [i, { email }] of DEMO_ACCOUNTS.leaderboard.entries()) {
    const other = (await logIn(email)).accessToken;
    const gym = gyms[0]!;
    await logSession(url, other, gym, i + 1, gym.routes.slice(i, i + 3), i + 1);
  }
  return HISTORY_SESSIONS;
}
