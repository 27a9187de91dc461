import { type Auth, builders, dataOf } from '@clmb/testkit';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

export const EXPORT = /* GraphQL */ `query($format: LogbookFormat!, $userId: ID) { exportLogbook(format: $format, userId: $userId) { filename contentType content } }`;
const IMPORT = /* GraphQL */ `mutation($input: ImportLogbookInput!) {
  importLogbook(input: $input) { sessionsCreated climbsCreated skipped errors { row field message } }
}`;
/** The header of a CSV written before projects, which import still reads. */
export const HEADER = 'gymSlug,sessionName,startTime,endTime,sessionNotes,mood,energy,routeId,attempts,sent,style,climbNotes,loggedAt';
/** The header of a CSV with projects, written before visibilities, which import still reads. */
export const PROJECTS_HEADER = `${HEADER},projectRouteId,projectNote,projectAddedAt`;
/** The header an export writes: the project columns, then the session's and the climb's visibility, last. */
export const EXPORT_HEADER = `${PROJECTS_HEADER},sessionVisibility,climbVisibility`;

/** A CSV logbook: the header, then `rows`. */
export const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

const slugOf = async (users: UsersWithGyms, id: string) =>
  dataOf(await users.gyms.gql(/* GraphQL */ `query($id: ID!) { gym(id: $id) { slug } }`, { id })).gym.slug as string;

/** Exports and imports through the service `users()` answers with (started in a beforeAll). */
export function logbookCalls(users: () => UsersWithGyms) {
  const importFile = (token: string, format: 'CSV' | 'JSON', content: string, dryRun?: boolean) =>
    users().gql(IMPORT, { input: { format, content, dryRun } }, token);
  return {
    newUser: () => builders(users().gql).user(),
    exported: async (token: string, format: 'CSV' | 'JSON', userId?: string) =>
      dataOf(await users().gql(EXPORT, { format, userId }, token)).exportLogbook as { filename: string; contentType: string; content: string },
    importFile,
    imported: async (token: string, format: 'CSV' | 'JSON', content: string, dryRun?: boolean) =>
      dataOf(await importFile(token, format, content, dryRun)).importLogbook,
    slugOf: (id: string) => slugOf(users(), id),
  };
}

interface WithLogbook {
  users: UsersWithGyms;
  fx: GymFixtures;
  /** The slugs of the fixture gym and the other open one. */
  slug: string;
  otherSlug: string;
  alex: Auth;
  sam: Auth;
}

/**
 * The users service checking a gyms service with fixtures, sam with an empty logbook, and alex's:
 * an ended evening session at the fixture gym with a flash and an attempt, then a session without
 * climbs at the other gym.
 */
export async function startWithLogbook(label: string): Promise<WithLogbook> {
  const users = await startUsersWithGyms(label);
  const fx = users.gyms.fixtures;
  const build = builders(users.gql);
  const alex = await build.user({ username: 'alex' });
  const sam = await build.user({ username: 'sam' });
  const token = alex.accessToken;
  const evening = await build.session(token, { gymId: fx.gymId, name: 'Evening', startTime: '2026-01-10T18:00:00.000Z' });
  await build.climb(token, { sessionId: evening.id, routeId: fx.routeId, attempts: 1, sent: true, style: 'FLASH', notes: 'crimpy, "thin"\nthen a jug' });
  await build.climb(token, { sessionId: evening.id, routeId: fx.routeId, attempts: 3, sent: false, style: 'ATTEMPT' });
  await build.endSession(token, evening.id, { endTime: '2026-01-10T20:00:00.000Z', notes: '=SUM(A1) felt strong', mood: 'GOOD', energy: 'PUMPED' });
  await build.session(token, { gymId: fx.otherGymId, startTime: '2026-01-12T10:00:00.000Z' });
  return { users, fx, slug: await slugOf(users, fx.gymId), otherSlug: await slugOf(users, fx.otherGymId), alex, sam };
}
