import { type Auth, dataOf, errorCodes, errorField } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GymFixtures, UsersWithGyms } from '../test-service';
import { csv, logbookCalls, startWithLogbook } from './test-logbook';

let users: UsersWithGyms;
let fx: GymFixtures;
let slug: string;
let alex: Auth;
// Each test of sam's writes sessions on days of its own. Sign-ups are throttled (10 an hour per address).
let sam: Auth;

const { exported, importFile, imported, newUser, slugOf } = logbookCalls(() => users);

beforeAll(async () => {
  ({ users, fx, slug, alex, sam } = await startWithLogbook('users_logbook_import'));
  // Two services, two databases and the fixtures: on a loaded machine this can pass the default minute.
}, 180_000);
afterAll(() => users?.stop());

describe('importLogbook', () => {
  it.each(['CSV', 'JSON'] as const)('imports an export of one account into another, completely; a second import creates nothing (%s)', async (format) => {
    const file = await exported(alex.accessToken, format);
    const { accessToken } = await newUser();
    expect(await imported(accessToken, format, file.content)).toEqual({ sessionsCreated: 2, climbsCreated: 2, skipped: 0, errors: [] });
    expect((await exported(accessToken, format)).content).toBe(file.content);
    expect(await imported(accessToken, format, file.content)).toEqual({ sessionsCreated: 0, climbsCreated: 0, skipped: 3, errors: [] });
    expect((await exported(accessToken, format)).content).toBe(file.content);
  });

  it('into the same account creates nothing', async () => {
    const file = await exported(alex.accessToken, 'CSV');
    expect(await imported(alex.accessToken, 'CSV', file.content)).toEqual({ sessionsCreated: 0, climbsCreated: 0, skipped: 3, errors: [] });
  });

  it('with dryRun counts what it would create and writes nothing', async () => {
    const file = await exported(alex.accessToken, 'JSON');
    const jo = await newUser();
    expect(await imported(jo.accessToken, 'JSON', file.content, true)).toEqual({ sessionsCreated: 2, climbsCreated: 2, skipped: 0, errors: [] });
    expect(JSON.parse((await exported(jo.accessToken, 'JSON')).content)).toEqual({ version: 2, sessions: [], projects: [] });
  });

  it('run twice at once, imports each session and climb once: the second finds them there, or is told an import is running', async () => {
    const file = await exported(alex.accessToken, 'CSV');
    const kim = await newUser();
    const responses = await Promise.all([importFile(kim.accessToken, 'CSV', file.content), importFile(kim.accessToken, 'CSV', file.content)]);
    const done = responses.flatMap((r) => (r.data?.['importLogbook'] ? [r.data['importLogbook']] : []));
    const refused = responses.flatMap((r) => r.errors?.map((e) => e.extensions?.['reason']) ?? []);
    expect({ done: done.length + refused.length, refused: refused.filter((reason) => reason !== 'IMPORT_RUNNING') }).toEqual({ done: 2, refused: [] });
    expect(done.reduce((sum, r) => sum + r.climbsCreated, 0)).toBe(2);
    expect(done.reduce((sum, r) => sum + r.sessionsCreated, 0)).toBe(2);
    expect((await exported(kim.accessToken, 'CSV')).content).toBe(file.content);
  });

  it('reports each bad row (row, field, message) and imports the others; a route stripped after the climb is fine', async () => {
    const session = `${slug},Bad rows,2026-02-01T18:00:00.000Z,,,,`;
    const content = csv(
      `${session},${fx.routeId},2,true,REDPOINT,fine,2026-02-01T18:10:00.000Z`,
      `${session},${fx.routeId},0,false,,,2026-02-01T18:11:00.000Z`,
      `${session},${crypto.randomUUID()},1,false,,,2026-02-01T18:12:00.000Z`,
      `${session},${fx.otherGymRouteId},1,false,,,2026-02-01T18:13:00.000Z`,
      `${session},${fx.routeId},2,true,FLASH,,2026-02-01T18:14:00.000Z`,
      `${session},${fx.routeId},1,maybe,,,2026-02-01T18:15:00.000Z`,
      `${session},${fx.routeId},1,false,,bell\u0007,2026-02-01T18:16:00.000Z`,
      `${session},${fx.strippedRouteId},1,false,,,${new Date().toISOString()}`,
      `${session},${fx.strippedRouteId},1,false,,,2026-02-01T18:17:00.000Z`,
      `no-such-gym,,2026-02-02T18:00:00.000Z,,,,,${fx.routeId},1,true,,,2026-02-02T18:10:00.000Z`,
      `${slug},,2099-01-01T00:00:00.000Z,,,,,,,,,,`,
      `${slug},,2026-02-03T18:00:00.000Z,2026-02-03T17:00:00.000Z,,,,,,,,,`,
      `${slug},Other name,2026-02-01T18:00:00.000Z,,,,,${fx.routeId},1,true,,,2026-02-01T18:20:00.000Z`,
      `${slug},,2026-02-04T18:00:00.000Z,,,HAPPY,,,,,,,`,
      `${slug},Good,2026-02-05T18:00:00.000Z,,,,,${fx.routeId},1,true,ONSIGHT,,2026-02-05T18:10:00.000Z`,
    );
    expect(await imported(sam.accessToken, 'CSV', content)).toEqual({
      sessionsCreated: 2,
      climbsCreated: 3,
      skipped: 0,
      errors: [
        { row: 3, field: 'attempts', message: 'must be at least 1' },
        { row: 4, field: 'routeId', message: "no route with this id at the session's gym" },
        { row: 5, field: 'routeId', message: "no route with this id at the session's gym" },
        { row: 6, field: 'style', message: 'FLASH means sent on the first attempt (sent: true, attempts: 1)' },
        { row: 7, field: 'sent', message: 'must be true or false' },
        { row: 8, field: 'climbNotes', message: 'must not contain control or bidirectional override characters' },
        { row: 9, field: 'routeId', message: 'the route was stripped before this climb was logged' },
        { row: 11, field: 'gymSlug', message: 'no gym has this slug' },
        { row: 12, field: 'startTime', message: 'must not be in the future' },
        { row: 13, field: 'endTime', message: 'must not be before the start time' },
        { row: 14, field: 'startTime', message: 'the same session (gym and start time) as row 2, with other session fields' },
        { row: 15, field: 'mood', message: expect.stringContaining('Invalid option') },
      ],
    });
  });

  it('takes a session from before its gym was archived and refuses one from after, saying since when', async () => {
    const archived = await slugOf(fx.archivedGymId);
    const content = csv(`${archived},,2026-01-05T18:00:00.000Z,,,,,,,,,,`, `${archived},,${new Date().toISOString()},,,,,,,,,,`);
    expect(await imported(sam.accessToken, 'CSV', content)).toEqual({
      sessionsCreated: 1,
      climbsCreated: 0,
      skipped: 0,
      errors: [{ row: 3, field: 'gymSlug', message: expect.stringMatching(/^the gym has been archived since \d{4}-\d\d-\d\dT/) }],
    });
  });

  it("writes a session's climbs in one statement however many there are", async () => {
    const statementsFor = async (day: string, climbs: number) => {
      const rows = Array.from({ length: climbs }, (_, i) => `${slug},,${day}T10:00:00.000Z,,,,,${fx.routeId},1,false,,,${day}T10:${String(i).padStart(2, '0')}:00.000Z`);
      users.resetStatements();
      expect(await imported(sam.accessToken, 'CSV', csv(...rows))).toMatchObject({ sessionsCreated: 1, climbsCreated: climbs });
      return users.statements.length;
    };
    expect(await statementsFor('2026-04-02', 50)).toBe(await statementsFor('2026-04-01', 1));
  });

  it('reports a bad JSON climb by its path within the session', async () => {
    const content = JSON.stringify({
      version: 1,
      sessions: [
        { gymSlug: slug, startTime: '2026-03-01T10:00:00.000Z', climbs: [{ routeId: fx.routeId, attempts: 1, sent: true, loggedAt: '2026-03-01T10:05:00.000Z' }, { routeId: fx.routeId, attempts: 'two', sent: true, loggedAt: '2026-03-01T10:06:00.000Z' }] },
        { gymSlug: slug, startTime: 'yesterday', climbs: [] },
        { gymSlug: slug, startTime: '2026-03-02T10:00:00.000Z', grade: 'V4' },
      ],
    });
    expect(await imported(sam.accessToken, 'JSON', content)).toEqual({
      sessionsCreated: 1,
      climbsCreated: 1,
      skipped: 0,
      errors: [
        { row: 1, field: 'climbs.1.attempts', message: expect.stringContaining('expected number') },
        { row: 2, field: 'startTime', message: 'must be an ISO 8601 date-time' },
        { row: 3, field: 'grade', message: 'is not a field of a logbook file' },
      ],
    });
  });

  it.each([
    ['an unclosed quote', 'CSV', csv(`${slug},"oops,2026-02-01T18:00:00.000Z,,,,,,,,,,`), /^input.content: not valid CSV: /],
    ['a row of too few cells', 'CSV', csv(`${slug},2026-02-01T18:00:00.000Z`), /^input.content: not valid CSV: /],
    ['an unknown column', 'CSV', 'gymSlug,startTime,grade\r\nx,2026-02-01T18:00:00.000Z,V4', /unknown columns grade/],
    ['no startTime column', 'CSV', 'gymSlug\r\nx', /missing columns startTime/],
    ['an empty file', 'CSV', '', /no header row/],
    ['malformed JSON', 'JSON', '{"version": 1, "sessions": [', /^input.content: not valid JSON: /],
    ['JSON without sessions', 'JSON', '{"version": 1}', /a `sessions` array/],
    ['another JSON version', 'JSON', '{"version": 3, "sessions": []}', /expected `version`: 1 or 2/],
    ['projects in a version 1 file', 'JSON', '{"version": 1, "sessions": [], "projects": []}', /`projects` is an array, from `version` 2 on/],
  ] as const)('refuses %s as a whole: BAD_USER_INPUT on input.content', async (_case, format, content, message) => {
    const response = await importFile(alex.accessToken, format, content);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorField(response)).toBe('input.content');
    expect(response.errors?.[0]?.message).toMatch(message);
  });

  it('lists the first 500 bad rows and counts them all', async () => {
    const rows = Array.from({ length: 501 }, (_, i) => `${slug},,2026-06-01T10:00:00.000Z,,,,,${fx.routeId},1,maybe,,,2026-06-01T10:${String(i % 60).padStart(2, '0')}:00.000Z`);
    const response = await users.gql(/* GraphQL */ `mutation($input: ImportLogbookInput!) { importLogbook(input: $input) { errorCount errors { row } } }`, {
      input: { format: 'CSV', content: csv(...rows), dryRun: true },
    }, sam.accessToken);
    const { errorCount, errors } = dataOf(response).importLogbook;
    expect([errorCount, errors.length, errors[0].row, errors.at(-1).row]).toEqual([501, 500, 2, 501]);
  });

  it('needs a token: UNAUTHENTICATED', async () => {
    expect(errorCodes(await importFile('', 'CSV', csv()))).toEqual(['UNAUTHENTICATED']);
  });
});

// Last: it stops the gyms service.
describe('with the gyms service down', () => {
  it('answers SUBGRAPH_UNAVAILABLE to an import', async () => {
    await users.gyms.service.stop();
    const content = csv(`${slug},,2026-05-01T10:00:00.000Z,,,,,${fx.routeId},1,false,,,2026-05-01T10:05:00.000Z`);
    expect(errorCodes(await importFile(sam.accessToken, 'CSV', content))).toEqual(['SUBGRAPH_UNAVAILABLE']);
  });
});
