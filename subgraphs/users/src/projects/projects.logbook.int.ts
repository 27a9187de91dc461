import { type Auth, builders, dataOf, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT, PROJECTS_HEADER } from '../logbook/test-logbook';
import { type GymFixtures, startUsersWithGyms, type UsersWithGyms } from '../test-service';

const IMPORT = /* GraphQL */ `mutation($input: ImportLogbookInput!) {
  importLogbook(input: $input) { sessionsCreated climbsCreated projectsCreated skipped errors { row field message } }
}`;
const ADD = /* GraphQL */ `mutation($input: AddProjectInput!) { addProject(input: $input) { id } }`;
const PROJECTS = /* GraphQL */ `{ me { projects(first: 100) { edges { node { position note status sentAt createdAt route { id } } } } } }`;

let users: UsersWithGyms;
let fx: GymFixtures;
let slug: string;
let setter: string;

const newClimber = () => builders(users.gql).user();
const newRoute = async () => (await builders(users.gyms.gql).route(setter, { gymId: fx.gymId, gradeId: fx.gradeId })).id;
const add = async (who: Auth, routeId: string, note?: string) => dataOf(await users.gql(ADD, { input: { routeId, note } }, who.accessToken));
const exported = async (who: Auth, format: 'CSV' | 'JSON') => dataOf(await users.gql(EXPORT, { format }, who.accessToken)).exportLogbook.content as string;
const imported = async (who: Auth, format: 'CSV' | 'JSON', content: string, dryRun?: boolean) =>
  dataOf(await users.gql(IMPORT, { input: { format, content, dryRun } }, who.accessToken)).importLogbook;
const projects = async (who: Auth) => dataOf(await users.gql(PROJECTS, {}, who.accessToken)).me.projects.edges.map((e: { node: unknown }) => e.node);
const csv = (...rows: string[]) => [PROJECTS_HEADER, ...rows].join('\r\n');
/** A CSV project row: the 13 session and climb cells empty. */
const projectRow = (routeId: string, note = '', addedAt = '') => `${','.repeat(13)}${routeId},${note},${addedAt}`;

beforeAll(async () => {
  // Many climbers sign up from one address.
  users = await startUsersWithGyms('users_projects_logbook', { SIGNUP_MAX_PER_ADDRESS: '1000' });
  fx = users.gyms.fixtures;
  setter = await users.gyms.token('ADMIN');
  slug = dataOf(await users.gyms.gql(/* GraphQL */ `query($id: ID!) { gym(id: $id) { slug } }`, { id: fx.gymId })).gym.slug;
}, 180_000);
afterAll(() => users?.stop());

describe('export and import of projects', () => {
  it.each(['CSV', 'JSON'] as const)('an export carries the projects in order; imported into another account they come back the same, SENT from the sends; twice creates nothing (%s)', async (format) => {
    const alex = await newClimber();
    const [first, second] = [await newRoute(), await newRoute()];
    await add(alex, second, 'drop knee, "then" =jump');
    await add(alex, first);
    const sessionId = (await builders(users.gql).session(alex.accessToken, { gymId: fx.gymId, startTime: '2026-03-01T10:00:00.000Z' })).id;
    await builders(users.gql).climb(alex.accessToken, { sessionId, routeId: first, sent: true, attempts: 3, style: 'REDPOINT' });
    const file = await exported(alex, format);
    if (format === 'JSON') {
      expect(maskIds(JSON.parse(file).projects, { dates: true })).toEqual([
        { routeId: '<uuid>', note: 'drop knee, "then" =jump', addedAt: '<date>' },
        { routeId: '<uuid>', note: null, addedAt: '<date>' },
      ]);
    } else {
      expect(maskIds(file, { dates: true }).split('\r\n').slice(-3)).toEqual([`${','.repeat(13)}<uuid>,"drop knee, ""then"" =jump",<date>,,`, `${','.repeat(13)}<uuid>,,<date>,,`, '']);
    }
    const sam = await newClimber();
    expect(await imported(sam, format, file)).toEqual({ sessionsCreated: 1, climbsCreated: 1, projectsCreated: 2, skipped: 0, errors: [] });
    const mine = await projects(alex);
    expect(await projects(sam)).toEqual(mine);
    expect(mine.map((p: { status: string }) => p.status)).toEqual(['ACTIVE', 'SENT']);
    expect(await exported(sam, format)).toBe(file);
    expect(await imported(sam, format, file)).toEqual({ sessionsCreated: 0, climbsCreated: 0, projectsCreated: 0, skipped: 3, errors: [] });
    expect(await projects(sam)).toEqual(mine);
  });

  it('adds a file’s projects after the ones the climber has, skips those they have, and a send imported marks theirs SENT', async () => {
    const kim = await newClimber();
    const [had, fresh] = [await newRoute(), await newRoute()];
    await add(kim, had, 'mine');
    const content = csv(
      `${slug},,2026-04-01T10:00:00.000Z,,,,,${had},2,true,REDPOINT,,2026-04-01T10:30:00.000Z,,,`,
      projectRow(had, 'from the file'),
      projectRow(fresh, 'new', '2026-04-01T09:00:00.000Z'),
      projectRow(fresh, 'twice in the file'),
    );
    expect(await imported(kim, 'CSV', content, true)).toEqual({ sessionsCreated: 1, climbsCreated: 1, projectsCreated: 1, skipped: 2, errors: [] });
    expect(await projects(kim)).toMatchObject([{ note: 'mine', status: 'ACTIVE' }]);
    expect(await imported(kim, 'CSV', content)).toEqual({ sessionsCreated: 1, climbsCreated: 1, projectsCreated: 1, skipped: 2, errors: [] });
    expect(await projects(kim)).toMatchObject([
      { position: 1, note: 'mine', status: 'SENT', sentAt: '2026-04-01T10:30:00.000Z', route: { id: had } },
      { position: 2, note: 'new', status: 'ACTIVE', createdAt: '2026-04-01T09:00:00.000Z', route: { id: fresh } },
    ]);
  });

  it('reports each bad project row (row, field, message) and imports the others', async () => {
    const lee = await newClimber();
    const good = await newRoute();
    const content = csv(
      projectRow(crypto.randomUUID()),
      projectRow('nope'),
      projectRow(fx.strippedRouteId),
      projectRow(fx.strippedRouteId, 'before it came down', '2026-01-01T10:00:00.000Z'),
      projectRow(good, 'n'.repeat(501)),
      projectRow(good, 'bell\u0007'),
      `${slug},,,,,,,,,,,,,${good},,`,
      projectRow(good, 'fine'),
    );
    expect(await imported(lee, 'CSV', content)).toEqual({
      sessionsCreated: 0,
      climbsCreated: 0,
      projectsCreated: 2,
      skipped: 0,
      errors: [
        { row: 2, field: 'projectRouteId', message: 'no route with this id' },
        { row: 3, field: 'projectRouteId', message: 'must be a UUID' },
        { row: 4, field: 'projectRouteId', message: 'the route was stripped before this project was added' },
        { row: 6, field: 'projectNote', message: 'must be at most 500 characters' },
        { row: 7, field: 'projectNote', message: 'must not contain control or bidirectional override characters' },
        { row: 8, field: 'gymSlug', message: 'is not a field of a project' },
      ],
    });
    expect((await projects(lee)).map((p: { note: string; status: string }) => [p.note, p.status])).toEqual([
      ['before it came down', 'GONE'],
      ['fine', 'ACTIVE'],
    ]);
  });

  it('names a bad JSON project by its path in the file', async () => {
    const content = JSON.stringify({ version: 2, sessions: [], projects: [{ routeId: fx.routeId, note: 7 }, { routeId: fx.routeId, grade: 'V4' }] });
    expect(await imported(await newClimber(), 'JSON', content)).toEqual({
      sessionsCreated: 0,
      climbsCreated: 0,
      projectsCreated: 0,
      skipped: 0,
      errors: [
        { row: 1, field: 'projects.0.note', message: expect.stringContaining('expected string') },
        { row: 2, field: 'projects.1.grade', message: 'is not a field of a project' },
      ],
    });
  });

  it('reads a version 1 JSON file, which has no projects', async () => {
    const content = JSON.stringify({ version: 1, sessions: [{ gymSlug: slug, startTime: '2026-05-01T10:00:00.000Z', climbs: [] }] });
    expect(await imported(await newClimber(), 'JSON', content)).toMatchObject({ sessionsCreated: 1, projectsCreated: 0, errors: [] });
  });
});
