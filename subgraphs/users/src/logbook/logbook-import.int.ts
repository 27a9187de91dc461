import { type Auth, builders, dataOf, errorCodes, errorField, testDatabaseUrl } from '@clmb/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../db';
import type { GymFixtures, UsersWithGyms } from '../test-service';
import { tryLockImports } from './logbook-store';
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

  /** `sessions` sessions a day apart from `firstDay` (2024), `perSession` climbs each a minute apart; `bad(i)` rows get 0 attempts. */
  const history = (firstDay: number, sessions: number, perSession: number, bad: (i: number) => boolean = () => false) =>
    Array.from({ length: sessions * perSession }, (_, i) => {
      const start = Date.UTC(2024, 0, 1 + firstDay + Math.floor(i / perSession), 18);
      const loggedAt = new Date(start + (i % perSession) * 60_000).toISOString();
      return `${slug},,${new Date(start).toISOString()},,,,,${fx.routeId},${bad(i) ? 0 : 1 + (i % 3)},${i % 2 === 0},,,${loggedAt}`;
    });
  const exportedRows = async (token: string) => (await exported(token, 'CSV')).content.trimEnd().split('\r\n').length - 1;

  it('takes thousands of rows, in parts of as many statements as a part of one row, reports every bad row among them and writes none of those; a second import creates nothing', async () => {
    const bad = (i: number) => i % 97 === 13;
    const rows = history(0, 30, 100, bad);
    // Parts of 6 sessions (600 rows) stay within the service's 100 kB body.
    const parts = Array.from({ length: 5 }, (_, p) => {
      const part = rows.slice(p * 600, (p + 1) * 600);
      const errors = part.flatMap((_, i) => (bad(p * 600 + i) ? [{ row: i + 2, field: 'attempts', message: 'must be at least 1' }] : []));
      return { content: csv(...part), errors, good: part.length - errors.length };
    });
    const good = parts.reduce((sum, part) => sum + part.good, 0);
    expect(good).toBe(2969);
    const { accessToken } = await newUser();
    const statementsFor = async (content: string) => {
      users.resetStatements();
      const result = await imported(accessToken, 'CSV', content);
      return { result, statements: users.statements.length };
    };
    const one = await statementsFor(csv(...history(100, 1, 1)));
    for (const { content, errors, good } of parts) {
      expect(await statementsFor(content)).toEqual({ result: { sessionsCreated: 6, climbsCreated: good, skipped: 0, errors }, statements: one.statements });
    }
    expect(await exportedRows(accessToken)).toBe(good + 1);
    for (const { content, errors, good } of parts) expect(await imported(accessToken, 'CSV', content)).toEqual({ sessionsCreated: 0, climbsCreated: 0, skipped: good, errors });
    expect(await exportedRows(accessToken)).toBe(good + 1);
  });

  it('after a part that overlaps one already imported, adds only what is new: sessions, and climbs within a session it had', async () => {
    const { accessToken } = await newUser();
    expect(await imported(accessToken, 'CSV', csv(...history(0, 10, 10)))).toEqual({ sessionsCreated: 10, climbsCreated: 100, skipped: 0, errors: [] });
    // Sessions 5 to 14, and 5 more climbs in session 5 (later the same evening).
    const more = history(5, 1, 15).slice(10);
    expect(await imported(accessToken, 'CSV', csv(...history(5, 10, 10), ...more))).toEqual({ sessionsCreated: 5, climbsCreated: 55, skipped: 50, errors: [] });
    const rows = (await exported(accessToken, 'CSV')).content.trimEnd().split('\r\n').slice(1);
    expect({ climbs: rows.length, sessions: new Set(rows.map((row) => row.split(',')[2])).size }).toEqual({ climbs: 155, sessions: 15 });
  });

  // PGlite is one connection: a transaction held here would keep the import from starting at all.
  it.skipIf(!testDatabaseUrl())('refuses at once an import while another of the climber\'s holds the lock, and writes nothing', async () => {
    const content = csv(`${slug},,2026-07-01T10:00:00.000Z,,,,,${fx.routeId},1,true,,,2026-07-01T10:05:00.000Z`);
    const before = (await exported(sam.accessToken, 'CSV')).content;
    const response = await users.service.db.transaction(async (tx) => {
      expect(await tryLockImports(tx, sam.user.id)).toBe(true);
      return await importFile(sam.accessToken, 'CSV', content);
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'IMPORT_RUNNING', retryAfterSeconds: 5 });
    expect((await exported(sam.accessToken, 'CSV')).content).toBe(before);
  });

  it('puts climbs into the oldest of two sessions the API logged at one instant, and creates no third', async () => {
    const { accessToken } = sam;
    const build = builders(users.gql);
    const startTime = '2026-07-02T10:00:00.000Z';
    const oldest = await build.session(accessToken, { gymId: fx.gymId, startTime });
    await build.session(accessToken, { gymId: fx.gymId, startTime });
    const content = csv(`${slug},,${startTime},,,,,${fx.routeId},1,true,,,2026-07-02T10:05:00.000Z`);
    expect(await imported(accessToken, 'CSV', content)).toEqual({ sessionsCreated: 0, climbsCreated: 1, skipped: 0, errors: [] });
    const [climb] = await users.service.db.select().from(schema.climbs).where(eq(schema.climbs.sessionId, oldest.id));
    expect(climb).toMatchObject({ routeId: fx.routeId, imported: true });
    expect(await imported(accessToken, 'CSV', content)).toEqual({ sessionsCreated: 0, climbsCreated: 0, skipped: 1, errors: [] });
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
