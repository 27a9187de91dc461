import type { Gql, GymWithRoutes } from '@clmb/testkit';
import { dataOf } from '@clmb/testkit';

/** Logbook files for the bounded-work tests: climbs as CSV, sent in parts within the default 100 kB body limit. */
export const HEADER = 'gymSlug,sessionName,startTime,endTime,sessionNotes,mood,energy,routeId,attempts,sent,style,climbNotes,loggedAt';
/** The header of a CSV with projects, written before visibilities, which import still reads. */
export const PROJECTS_HEADER = `${HEADER},projectRouteId,projectNote,projectAddedAt`;
/** The header an export writes: the project columns, then the session's and the climb's visibility, last. */
export const EXPORT_HEADER = `${PROJECTS_HEADER},sessionVisibility,climbVisibility`;
export const IMPORT = /* GraphQL */ `mutation Import($input: ImportLogbookInput!) {
  importLogbook(input: $input) { sessionsCreated climbsCreated skipped errors { row field message } }
}`;
const DAY = 86_400_000;
// Each part, sent as a JSON string in the request, stays below the router's and the subgraph's 100 kB.
const PART_BUDGET = 90_000;

export interface Climb {
  start: number;
  routeId: string;
  loggedAt: number;
  end?: number;
}

const iso = (time: number | undefined) => (time === undefined ? '' : new Date(time).toISOString());

export const csv = (slug: string, climbs: readonly Climb[]) =>
  [HEADER, ...climbs.map((c) => [slug, '', iso(c.start), iso(c.end), '', '', '', c.routeId, 1, true, 'FLASH', '', iso(c.loggedAt)].join(','))].join('\r\n');

/** `sessions` sessions a day apart (from 2020 unless told), each with `perSession` climbs a minute apart. */
export function logbook(gym: GymWithRoutes, sessions: number, perSession: number, first = Date.parse('2020-01-01T18:00:00.000Z')): Climb[] {
  return Array.from({ length: sessions * perSession }, (_, i) => {
    const start = first + Math.floor(i / perSession) * DAY;
    return { start, end: start + 7_200_000, routeId: gym.routeIds[i % gym.routeIds.length]!, loggedAt: start + (i % perSession) * 60_000 };
  });
}

/** Imports climbs in as many parts as the body limit needs (as importLogbook's description says); the summed results. */
export async function importInParts(request: Gql, token: string, slug: string, climbs: readonly Climb[]) {
  const totals = { sessionsCreated: 0, climbsCreated: 0, skipped: 0, errors: [] as unknown[] };
  const perPart = Math.floor(PART_BUDGET / JSON.stringify(csv(slug, climbs.slice(0, 1))).length);
  for (let i = 0; i < climbs.length; i += perPart) {
    const content = csv(slug, climbs.slice(i, i + perPart));
    const result = dataOf(await request(IMPORT, { input: { format: 'CSV', content } }, token)).importLogbook;
    totals.sessionsCreated += result.sessionsCreated;
    totals.climbsCreated += result.climbsCreated;
    totals.skipped += result.skipped;
    totals.errors.push(...result.errors);
  }
  return totals;
}
