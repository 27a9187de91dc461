/** The operations the bench sends: the app's two busiest screens and one write. */
export type ScenarioName = 'logbook' | 'logbooks' | 'gyms' | 'write';

export const SCENARIO_NAMES: ScenarioName[] = ['logbook', 'logbooks', 'gyms', 'write'];

export const LOGBOOK = /* GraphQL */ `query Logbook { me { sessions(first: 20) { edges { node { name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;

export const GYMS_PAGE = /* GraphQL */ `query GymsPage { gyms(first: 20) { edges { node { name city routes { colour grade { value } } } } } }`;

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
}

/** Where the write goes: a session of the climber's that is older than the logbook's first page. */
export interface WriteTarget {
  sessionId: string;
  routeId: string;
}

export function scenarios(write: WriteTarget): Record<ScenarioName, Scenario> {
  const input = { ...write, attempts: 2, sent: true, style: 'REDPOINT' };
  return {
    logbook: {
      name: 'logbook',
      title: 'logbook: `me → sessions(first: 20) → gym, climbs → route → grade` (20 sessions × 3 climbs)',
      body: JSON.stringify({ query: LOGBOOK }),
      authenticated: true,
      read: true,
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
    },
    write: {
      name: 'write',
      title: 'write: `logClimb` (a climb into one of the climber’s sessions)',
      body: JSON.stringify({ query: LOG_CLIMB, variables: { input } }),
      authenticated: true,
      read: false,
    },
  };
}
