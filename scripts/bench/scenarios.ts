/**
 * The operations the bench sends: the app's two busiest screens, one write, and the two screens of
 * the deeper logbook: a climber's stats and a gym's routes with what climbers made of them, and
 * a route's page as a logged-in climber sees it (issue 18), and a climber's feed of the climbers
 * they follow (issue 19). Issue 20 adds the logbook at a fixed rate, stats at three history
 * lengths, a gym's leaderboards over a million climbs, import, export, and cache invalidation.
 * A scenario may name the targets it runs on; the others are neither started for it nor timed.
 */
import type { TargetKey } from './targets';

/** In the order they are measured: reads on every target, the fixed-rate run, the write, then what only some targets run. */
export const SCENARIO_NAMES = [
  'logbook',
  'logbooks',
  'gyms',
  'gymsanon',
  'stats',
  'community',
  'routepage',
  'feed',
  'feeds',
  'latency',
  'write',
  'stats1k',
  'stats10k',
  'stats100k',
  'logbook1k',
  'logbook100k',
  'leaderweek',
  'leaderall',
  'invalidation',
  'import',
  'export',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What `npm run bench` runs without `--scenarios`. */
export const DEFAULT_SCENARIOS: ScenarioName[] = SCENARIO_NAMES.filter((name) => name !== 'gymsanon' && name !== 'feeds');

/** The climbs of the three climbers whose stats are read at growing history lengths. */
export const HISTORY_SIZES = { stats1k: 1_000, stats10k: 10_000, stats100k: 100_000 } as const;

/** Those climbers' climbs per session (history-seed.ts). */
export const CLIMBS_PER_HISTORY_SESSION = 20;

/** The climber whose logbook's first page each logbook-at-history scenario reads: the stats scenario's of that length. */
export const LOGBOOK_HISTORIES = { logbook1k: 'stats1k', logbook100k: 'stats100k' } as const;

/**
 * The targets a scenario runs on, when not every target. The history and leaderboard scenarios
 * measure what a request costs the users service and Postgres as the data grows: the router with
 * its caches off for the anonymous leaderboards (on, it would answer them from its response
 * cache) and for the logbook at two history lengths (on, it would send the ten connections'
 * identical requests in flight once), beside the hand-written process for stats. A fixed rate
 * needs an endpoint (the direct target replays plans as fast as answered).
 */
export const SCENARIO_TARGETS: Partial<Record<ScenarioName, TargetKey[]>> = {
  latency: ['router', 'stock', 'hive', 'baseline'],
  stats1k: ['router', 'baseline'],
  stats10k: ['router', 'baseline'],
  stats100k: ['router', 'baseline'],
  logbook1k: ['routerNoCache'],
  logbook100k: ['routerNoCache'],
  leaderweek: ['routerNoCache'],
  leaderall: ['routerNoCache'],
  invalidation: ['router'],
  import: ['router'],
  export: ['router'],
};

/** Whether the scenario runs on the target. */
export const runsOn = (name: ScenarioName, key: TargetKey): boolean => SCENARIO_TARGETS[name]?.includes(key) ?? true;

export const LOGBOOK = /* GraphQL */ `query Logbook { me { sessions(first: 20) { edges { node { name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;

export const GYMS_PAGE = /* GraphQL */ `query GymsPage { gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;

export const STATS = /* GraphQL */ `query Stats { me { stats { climbCount sendCount flashCount onsightCount hardestSend(discipline: BOULDER) { grade { value } } pyramid(discipline: BOULDER) { grade { value } sends attempts } progression(discipline: BOULDER) { month hardestSend { value } sends } } } }`;

export const ROUTE_BOARD = /* GraphQL */ `query RouteBoard($id: ID!) { gym(id: $id) { name routes { colour grade { value } rating { average count } communityGrade { value } ascents { sendCount climberCount } } } }`;

export const ROUTE_PAGE = /* GraphQL */ `query RoutePage($id: ID!) { route(id: $id) { name colour grade { value } setters { username } tags projectCount myProject { position status } } }`;

export const FEED = /* GraphQL */ `query Feed { me { feed(first: 20) { edges { node { kind createdAt actor { username } session { gym { name } summary { climbCount sendCount } } climb { route { name grade { value } } } } } } } }`;

export const LEADERBOARD = /* GraphQL */ `query Leaderboard($id: ID!, $period: LeaderboardPeriod!) { gym(id: $id) { name leaderboard(period: $period, first: 10) { rank points sends user { username } } } }`;

export const GYM_PAGE = /* GraphQL */ `query GymPage($id: ID!) { gym(id: $id) { name routes { name colour grade { value } } } }`;

export const LOG_CLIMB = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id attempts sent style } }`;

/**
 * How a scenario loads its targets: `closed`, each connection sends its next request when the last
 * is answered; `fixedRate`, at a rate every target sustains (latency not saturated); `import` and
 * `export`, one logbook per round (climbs per second); `invalidation`, reads of gym pages with a
 * write a second at another gym (the router's cache hit ratio).
 */
export type ScenarioKind = 'closed' | 'fixedRate' | 'import' | 'export' | 'invalidation';

export interface Scenario {
  name: ScenarioName;
  kind: ScenarioKind;
  title: string;
  /** The JSON body every request of this scenario sends. */
  body: string;
  /** Sent with the climber's token (the gyms page is anonymous). */
  authenticated: boolean;
  /** A read: its `data` must be the same from every target. */
  read: boolean;
  /**
   * Each connection sends another climber's token: no two requests in flight are alike, so
   * nothing can be shared between them (in-flight de-duplication, a per-user cache).
   */
  eachConnectionAnotherClimber?: boolean;
  /** Sent with these climbers' tokens (one a connection, round robin) rather than the logbook climbers'. */
  tokens?: string[];
  /** The direct target also measures each subgraph request of the plan alone (issue 8's subgraph goals). */
  partsAlone?: boolean;
  /** Another body for each connection, round robin (`body` is the first). */
  bodies?: string[];
  /** Fewer connections than the run's, for requests that each take long. */
  connections?: number;
  /**
   * Measured at least this long a round: enough requests at a modest rate for a p99, enough
   * writes for a hit ratio, enough slow requests for their cost.
   */
  minSeconds?: number;
}

/** What the deeper scenarios ask about: the 50-route gym, the climber with 10,000 climbs, the route page's route and the feed's reader. */
export interface DeepTarget {
  gymId: string;
  statsToken: string;
  /** The climber of each history scenario, by scenario (the 100,000-climb one's logbook is also exported). */
  historyTokens: Partial<Record<keyof typeof HISTORY_SIZES, string>>;
  /** The gym with a million climbs. */
  leaderboardGymId: string | undefined;
  /** Gym pages read while another gym is written to (`invalidation`). */
  readGymIds: string[];
  /** Climbers who each follow the same 50 climbers with three months of sessions each (feed-seed.ts), one a connection. */
  feedTokens: string[];
  /** A route of the gym with two setters, setter tags, and projects (the logbook climber's among them). */
  routeId: string;
}

/** Where the write goes: a session of the climber's that is older than the logbook's first page. */
export interface WriteTarget {
  sessionId: string;
  routeId: string;
}

/** The tokens a scenario's connections send, round robin: its own, or the logbook climbers' (one, or one a connection). */
export const tokensOf = (scenario: Scenario, logbookTokens: string[]): string[] =>
  scenario.tokens ?? (scenario.eachConnectionAnotherClimber ? logbookTokens : logbookTokens.slice(0, 1));

export function scenarios(write: WriteTarget, deep?: DeepTarget): Record<ScenarioName, Scenario> {
  const input = { ...write, attempts: 2, sent: true, style: 'REDPOINT' };
  const logbooks = {
    body: JSON.stringify({ query: LOGBOOK }),
    authenticated: true,
    read: true,
    eachConnectionAnotherClimber: true,
  };
  const gymsPage = { body: JSON.stringify({ query: GYMS_PAGE }), read: true, partsAlone: true };
  const history = (name: keyof typeof HISTORY_SIZES): Scenario => ({
    name,
    kind: 'closed',
    title: `${name}: the stats query of a climber with ${HISTORY_SIZES[name].toLocaleString('en-US')} climbs (written straight into the database)`,
    body: JSON.stringify({ query: STATS }),
    authenticated: true,
    read: true,
    tokens: deep?.historyTokens[name] ? [deep.historyTokens[name]] : [],
  });
  const logbookAt = (name: keyof typeof LOGBOOK_HISTORIES): Scenario => {
    const climber = LOGBOOK_HISTORIES[name];
    return {
      name,
      kind: 'closed',
      title: `${name}: the logbook's first page (20 sessions × ${CLIMBS_PER_HISTORY_SESSION} climbs) of the climber with ${HISTORY_SIZES[climber].toLocaleString('en-US')} climbs (${(HISTORY_SIZES[climber] / CLIMBS_PER_HISTORY_SESSION).toLocaleString('en-US')} sessions)`,
      body: JSON.stringify({ query: LOGBOOK }),
      authenticated: true,
      read: true,
      tokens: deep?.historyTokens[climber] ? [deep.historyTokens[climber]] : [],
    };
  };
  const leaderboard = (name: 'leaderweek' | 'leaderall', period: 'WEEK' | 'ALL_TIME'): Scenario => ({
    name,
    kind: 'closed',
    title: `${name}: \`gym → leaderboard(period: ${period}, first: 10) → rank, points, sends, user\` (a gym with 1,000,000 climbs over three years; anonymous)`,
    body: JSON.stringify({ query: LEADERBOARD, variables: { id: deep?.leaderboardGymId, period } }),
    authenticated: false,
    read: true,
    // Each request may aggregate up to a million rows: two at a time, for long enough to finish some.
    connections: 2,
    minSeconds: 10,
  });
  return {
    logbook: {
      name: 'logbook',
      kind: 'closed',
      title: 'logbook: `me → sessions(first: 20) → gym, climbs → route → grade` (20 sessions × 3 climbs)',
      body: JSON.stringify({ query: LOGBOOK }),
      authenticated: true,
      read: true,
      partsAlone: true,
    },
    logbooks: { name: 'logbooks', kind: 'closed', title: 'logbooks: the same query, each connection a different climber (nothing alike to share)', ...logbooks },
    gyms: {
      name: 'gyms',
      kind: 'closed',
      title: 'public gyms page: `gyms(first: 20) → routes → grade`, sent with a climber’s token as a logged-in app sends it',
      authenticated: true,
      ...gymsPage,
    },
    gymsanon: { name: 'gymsanon', kind: 'closed', title: 'public gyms page, anonymous (no token)', authenticated: false, ...gymsPage },
    stats: {
      name: 'stats',
      kind: 'closed',
      title: 'stats: `me → stats → counts, hardestSend, pyramid, progression` (a climber with 10,000 climbs over two years)',
      body: JSON.stringify({ query: STATS }),
      authenticated: true,
      read: true,
      tokens: deep && [deep.statsToken],
    },
    community: {
      name: 'community',
      kind: 'closed',
      title: 'community: `gym → 50 routes → grade, rating, communityGrade, ascents` (anonymous; 5 ratings and 200 climbs per route)',
      body: JSON.stringify({ query: ROUTE_BOARD, variables: { id: deep?.gymId } }),
      authenticated: false,
      read: true,
    },
    routepage: {
      name: 'routepage',
      kind: 'closed',
      title: 'route page: `route → grade, setters → user, tags, projectCount, myProject` (the logbook climber; 2 setters, 3 projects)',
      body: JSON.stringify({ query: ROUTE_PAGE, variables: { id: deep?.routeId } }),
      authenticated: true,
      read: true,
    },
    feed: {
      name: 'feed',
      kind: 'closed',
      title: 'feed: `me → feed(first: 20) → kind, actor, session → gym, summary; climb → route → grade` (50 climbers followed, 3 months of sessions each)',
      body: JSON.stringify({ query: FEED }),
      authenticated: true,
      read: true,
      tokens: deep?.feedTokens.slice(0, 1),
    },
    feeds: {
      name: 'feeds',
      kind: 'closed',
      title: 'feeds: the same query, each connection a different reader of the same 50 climbers (nothing alike to share)',
      body: JSON.stringify({ query: FEED }),
      authenticated: true,
      read: true,
      eachConnectionAnotherClimber: true,
      tokens: deep?.feedTokens,
    },
    latency: {
      name: 'latency',
      kind: 'fixedRate',
      minSeconds: 10,
      title: 'latency: the distinct-climber logbook at a fixed offered rate (half the slowest target’s `logbooks` req/s in this run, or what `--rate` names)',
      ...logbooks,
    },
    write: {
      name: 'write',
      kind: 'closed',
      title: 'write: `logClimb` (a climb into one of the climber’s sessions)',
      body: JSON.stringify({ query: LOG_CLIMB, variables: { input } }),
      authenticated: true,
      read: false,
    },
    stats1k: history('stats1k'),
    stats10k: history('stats10k'),
    stats100k: history('stats100k'),
    logbook1k: logbookAt('logbook1k'),
    logbook100k: logbookAt('logbook100k'),
    leaderweek: leaderboard('leaderweek', 'WEEK'),
    leaderall: leaderboard('leaderall', 'ALL_TIME'),
    invalidation: {
      name: 'invalidation',
      kind: 'invalidation',
      minSeconds: 10,
      title: 'invalidation: `gym → name, routes → name, colour, grade` of several gyms (anonymous), while an admin updates a route of another gym once a second',
      body: JSON.stringify({ query: GYM_PAGE, variables: { id: deep?.readGymIds[0] } }),
      bodies: deep?.readGymIds.map((id) => JSON.stringify({ query: GYM_PAGE, variables: { id } })),
      authenticated: false,
      read: true,
    },
    import: {
      name: 'import',
      kind: 'import',
      title: 'import: `importLogbook` of 10,000 climbs in 500 sessions (CSV parts within the router’s 100 kB body limit, one after the other), a fresh climber each round',
      body: '',
      authenticated: true,
      read: false,
    },
    export: {
      name: 'export',
      kind: 'export',
      title: 'export: `exportLogbook(format: CSV)` of a 100,000-climb logbook, part after part; peak RSS of the users process while it runs',
      body: '',
      authenticated: true,
      read: false,
    },
  };
}
