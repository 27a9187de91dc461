/**
 * The operations the bench sends: the app's two busiest screens, one write, and the two screens of
 * the deeper logbook: a climber's stats and a gym's routes with what climbers made of them, and
 * a route's page as a logged-in climber sees it (issue 18), and a climber's feed of the climbers
 * they follow (issue 19).
 */
export type ScenarioName = 'logbook' | 'logbooks' | 'gyms' | 'write' | 'stats' | 'community' | 'routepage' | 'feed' | 'feeds';

export const SCENARIO_NAMES: ScenarioName[] = ['logbook', 'logbooks', 'gyms', 'write', 'stats', 'community', 'routepage', 'feed', 'feeds'];

export const LOGBOOK = /* GraphQL */ `query Logbook { me { sessions(first: 20) { edges { node { name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;

export const GYMS_PAGE = /* GraphQL */ `query GymsPage { gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;

export const STATS = /* GraphQL */ `query Stats { me { stats { climbCount sendCount flashCount onsightCount hardestSend(discipline: BOULDER) { grade { value } } pyramid(discipline: BOULDER) { grade { value } sends attempts } progression(discipline: BOULDER) { month hardestSend { value } sends } } } }`;

export const ROUTE_BOARD = /* GraphQL */ `query RouteBoard($id: ID!) { gym(id: $id) { name routes { colour grade { value } rating { average count } communityGrade { value } ascents { sendCount climberCount } } } }`;

export const ROUTE_PAGE = /* GraphQL */ `query RoutePage($id: ID!) { route(id: $id) { name colour grade { value } setters { username } tags projectCount myProject { position status } } }`;

export const FEED = /* GraphQL */ `query Feed { me { feed(first: 20) { edges { node { kind createdAt actor { username } session { gym { name } summary { climbCount sendCount } } climb { route { name grade { value } } } } } } } }`;

export const LOG_CLIMB = /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id attempts sent style } }`;

export interface Scenario {
  name: ScenarioName;
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
}

/** What the deeper scenarios ask about: the 50-route gym, the climber with 10,000 climbs, the route page's route and the feed's reader. */
export interface DeepTarget {
  gymId: string;
  statsToken: string;
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
  return {
    logbook: {
      name: 'logbook',
      title: 'logbook: `me → sessions(first: 20) → gym, climbs → route → grade` (20 sessions × 3 climbs)',
      body: JSON.stringify({ query: LOGBOOK }),
      authenticated: true,
      read: true,
      partsAlone: true,
    },
    logbooks: {
      name: 'logbooks',
      title: 'logbooks: the same query, each connection a different climber (nothing alike to share)',
      body: JSON.stringify({ query: LOGBOOK }),
      authenticated: true,
      read: true,
      eachConnectionAnotherClimber: true,
    },
    gyms: {
      name: 'gyms',
      title: 'public gyms page: `gyms(first: 20) → routes → grade` (anonymous)',
      body: JSON.stringify({ query: GYMS_PAGE }),
      authenticated: false,
      read: true,
      partsAlone: true,
    },
    write: {
      name: 'write',
      title: 'write: `logClimb` (a climb into one of the climber’s sessions)',
      body: JSON.stringify({ query: LOG_CLIMB, variables: { input } }),
      authenticated: true,
      read: false,
    },
    stats: {
      name: 'stats',
      title: 'stats: `me → stats → counts, hardestSend, pyramid, progression` (a climber with 10,000 climbs over two years)',
      body: JSON.stringify({ query: STATS }),
      authenticated: true,
      read: true,
      tokens: deep && [deep.statsToken],
    },
    community: {
      name: 'community',
      title: 'community: `gym → 50 routes → grade, rating, communityGrade, ascents` (anonymous; 5 ratings and 200 climbs per route)',
      body: JSON.stringify({ query: ROUTE_BOARD, variables: { id: deep?.gymId } }),
      authenticated: false,
      read: true,
    },
    routepage: {
      name: 'routepage',
      title: 'route page: `route → grade, setters → user, tags, projectCount, myProject` (the logbook climber; 2 setters, 3 projects)',
      body: JSON.stringify({ query: ROUTE_PAGE, variables: { id: deep?.routeId } }),
      authenticated: true,
      read: true,
    },
    feed: {
      name: 'feed',
      title: 'feed: `me → feed(first: 20) → kind, actor, session → gym, summary; climb → route → grade` (50 climbers followed, 3 months of sessions each)',
      body: JSON.stringify({ query: FEED }),
      authenticated: true,
      read: true,
      tokens: deep?.feedTokens.slice(0, 1),
    },
    feeds: {
      name: 'feeds',
      title: 'feeds: the same query, each connection a different reader of the same 50 climbers (nothing alike to share)',
      body: JSON.stringify({ query: FEED }),
      authenticated: true,
      read: true,
      eachConnectionAnotherClimber: true,
      tokens: deep?.feedTokens,
    },
  };
}
