import { type Auth, errorCodes, maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GymFixtures, UsersWithGyms } from '../test-service';
import { findSizedSessions } from './logbook-store';
import { csv, EXPORT, EXPORT_HEADER, logbookCalls, startWithLogbook } from './test-logbook';

let users: UsersWithGyms;
let fx: GymFixtures;
let slug: string;
let otherSlug: string;
let alex: Auth;
let sam: Auth;

const { exported, imported, newUser } = logbookCalls(() => users);

beforeAll(async () => {
  ({ users, fx, slug, otherSlug, alex, sam } = await startWithLogbook('users_logbook_export'));
  // Two services, two databases and the fixtures: on a loaded machine this can pass the default minute.
}, 180_000);
afterAll(() => users?.stop());

describe('exportLogbook', () => {
  it('writes every session and climb as CSV, a session without climbs as a row, formulas defused', async () => {
    const file = await exported(alex.accessToken, 'CSV');
    expect({ ...file, filename: file.filename.replace(/\d{4}-\d\d-\d\d/, '<day>') }).toEqual({
      filename: 'clmb-logbook-alex-<day>.csv',
      contentType: 'text/csv; charset=utf-8',
      content: expect.any(String),
    });
    expect(maskIds(file.content, { dates: true }).split('\r\n')).toEqual([
      EXPORT_HEADER,
      `${slug},Evening,<date>,<date>,'=SUM(A1) felt strong,GOOD,PUMPED,<uuid>,1,true,FLASH,"crimpy, ""thin""\nthen a jug",<date>,,,,,`,
      `${slug},Evening,<date>,<date>,'=SUM(A1) felt strong,GOOD,PUMPED,<uuid>,3,false,ATTEMPT,,<date>,,,,,`,
      `${otherSlug},,<date>,,,,,,,,,,,,,,,`,
      '',
    ]);
  });

  it('writes JSON nested sessions → climbs', async () => {
    const file = await exported(alex.accessToken, 'JSON');
    expect(file.contentType).toBe('application/json');
    expect(maskIds(JSON.parse(file.content), { dates: true })).toEqual({
      version: 2,
      sessions: [
        {
          ...{ gymSlug: slug, name: 'Evening', startTime: '<date>', endTime: '<date>', notes: '=SUM(A1) felt strong', mood: 'GOOD', energy: 'PUMPED', visibility: null },
          climbs: [
            { routeId: '<uuid>', attempts: 1, sent: true, style: 'FLASH', notes: 'crimpy, "thin"\nthen a jug', loggedAt: '<date>', visibility: null },
            { routeId: '<uuid>', attempts: 3, sent: false, style: 'ATTEMPT', notes: null, loggedAt: '<date>', visibility: null },
          ],
        },
        { gymSlug: otherSlug, name: null, startTime: '<date>', endTime: null, notes: null, mood: null, energy: null, visibility: null, climbs: [] },
      ],
      projects: [],
    });
  });

  it('costs the same SQL statements whatever the size of the logbook', async () => {
    const statementsFor = async (token: string) => {
      users.resetStatements();
      await exported(token, 'CSV');
      return users.statements.length;
    };
    const big = await newUser();
    const rows = Array.from({ length: 30 }, (_, i) => `${slug},,2025-0${1 + (i % 9)}-1${i % 10}T10:00:00.000Z,,,,,${fx.routeId},1,false,,,2025-0${1 + (i % 9)}-1${i % 10}T10:05:00.000Z`);
    expect(await imported(big.accessToken, 'CSV', csv(...rows))).toMatchObject({ sessionsCreated: 30, climbsCreated: 30 });
    expect(await statementsFor(big.accessToken)).toBe(await statementsFor(alex.accessToken));
  });

  it('cuts a part after the session that passes its climbs or its sessions, reading no further: that session starts the next part', async () => {
    const sizes = async (limits: { climbs: number; sessions: number }, after: { startTime: Date; id: string } | null = null) =>
      (await findSizedSessions(users.service.db, alex.user.id, after, limits)).map((s) => [s.name, s.climbs]);
    // Alex's logbook: the Evening session with two climbs, then one without climbs.
    expect(await sizes({ climbs: 1, sessions: 10 })).toEqual([['Evening', 2]]);
    expect(await sizes({ climbs: 2, sessions: 10 })).toEqual([['Evening', 2], [null, 0]]);
    expect(await sizes({ climbs: 100, sessions: 0 })).toEqual([['Evening', 2]]);
    const [evening] = await findSizedSessions(users.service.db, alex.user.id, null, { climbs: 1, sessions: 1 });
    expect(await sizes({ climbs: 100, sessions: 10 }, evening!)).toEqual([[null, 0]]);
  });

  it('is owner-only: UNAUTHENTICATED without a token, FORBIDDEN for another user, an ADMIN exports anyone', async () => {
    expect(errorCodes(await users.gql(EXPORT, { format: 'CSV' }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await users.gql(EXPORT, { format: 'CSV', userId: alex.user.id }, sam.accessToken))).toEqual(['FORBIDDEN']);
    const admin = await users.token('ADMIN');
    expect((await exported(admin, 'CSV', alex.user.id)).content).toBe((await exported(alex.accessToken, 'CSV')).content);
  });
});

// Last: it stops the gyms service.
describe('with the gyms service down', () => {
  it('answers SUBGRAPH_UNAVAILABLE to an export', async () => {
    await users.gyms.service.stop();
    expect(errorCodes(await users.gql(EXPORT, { format: 'CSV' }, alex.accessToken))).toEqual(['SUBGRAPH_UNAVAILABLE']);
  });
});
