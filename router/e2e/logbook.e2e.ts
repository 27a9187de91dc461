import { dataOf } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_HEADER, HEADER, IMPORT } from './logbook-files';
import { startSupergraph, type Supergraph } from './supergraph';

const EXPORT = /* GraphQL */ `query Export($format: LogbookFormat!) { exportLogbook(format: $format) { filename content } }`;
const SESSIONS = 1000;
const CLIMBS_PER_SESSION = 10;
// The router's default BODY_LIMIT is 100 kB: each part, sent as a JSON string in the request, stays below.
const PART_BUDGET = 90_000;

interface Totals {
  sessionsCreated: number;
  climbsCreated: number;
  skipped: number;
  errors: unknown[];
}

/** 1,000 sessions of 10 climbs, a day apart, alternating between two gyms. */
function logbookCsv(gyms: { slug: string; routeIds: string[] }[]): string[] {
  const rows: string[] = [];
  const first = Date.parse('2024-01-01T18:00:00.000Z');
  for (let i = 0; i < SESSIONS; i++) {
    const gym = gyms[i % gyms.length]!;
    const start = first + i * 86_400_000;
    const session = [gym.slug, `Session ${i}`, new Date(start).toISOString(), new Date(start + 7_200_000).toISOString(), i % 7 === 0 ? `'-tired ${i}` : '', 'GOOD', 'AVERAGE'];
    for (let j = 0; j < CLIMBS_PER_SESSION; j++) {
      const attempts = (j % 3) + 1;
      const sent = j % 2 === 0;
      const style = !sent ? 'ATTEMPT' : attempts === 1 ? 'FLASH' : 'REDPOINT';
      const climb = [gym.routeIds[(i + j) % gym.routeIds.length], attempts, sent, style, j === 0 ? `first of ${i}` : '', new Date(start + j * 300_000).toISOString()];
      rows.push([...session, ...climb].join(','));
    }
  }
  return rows;
}

/** As importLogbook's description says: the header line, then whole records, each part within the body limit. */
function csvParts(rows: string[]): string[] {
  const parts: string[] = [];
  let part: string[] = [];
  const content = (records: string[]) => [HEADER, ...records].join('\r\n');
  for (const row of rows) {
    if (part.length && JSON.stringify(content([...part, row])).length > PART_BUDGET) {
      parts.push(content(part));
      part = [];
    }
    part.push(row);
  }
  if (part.length) parts.push(content(part));
  return parts;
}

/** A JSON file split by sessions, as importLogbook's description says. */
function jsonParts(file: string): string[] {
  const { sessions } = JSON.parse(file) as { sessions: unknown[] };
  const parts: string[] = [];
  let part: unknown[] = [];
  const content = (items: unknown[]) => JSON.stringify({ version: 1, sessions: items });
  for (const session of sessions) {
    if (part.length && JSON.stringify(content([...part, session])).length > PART_BUDGET) {
      parts.push(content(part));
      part = [];
    }
    part.push(session);
  }
  if (part.length) parts.push(content(part));
  return parts;
}

describe('a 10,000-climb logbook through the router, with the default limits', () => {
  let sg: Supergraph;
  // Three servers and two databases: on a loaded machine start-up alone can pass the default minute.
  beforeAll(async () => {
    sg = await startSupergraph();
  }, 180_000);
  afterAll(() => sg?.stop());

  const importParts = async (token: string, format: 'CSV' | 'JSON', parts: string[]): Promise<Totals> => {
    const totals: Totals = { sessionsCreated: 0, climbsCreated: 0, skipped: 0, errors: [] };
    for (const content of parts) {
      const result = dataOf(await sg.request(IMPORT, { input: { format, content } }, token)).importLogbook as Totals;
      totals.sessionsCreated += result.sessionsCreated;
      totals.climbsCreated += result.climbsCreated;
      totals.skipped += result.skipped;
      totals.errors.push(...result.errors);
    }
    return totals;
  };
  const exportAs = async (token: string, format: 'CSV' | 'JSON') => dataOf(await sg.request(EXPORT, { format }, token)).exportLogbook.content as string;
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    console.info(`logbook e2e: ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  };

  it('imports in parts, exports in one call, and re-imports into another account completely', async () => {
    const admin = await sg.build.logIn('admin@clmb.dev');
    const gyms = [
      { slug: 'logbook-north', ...(await sg.build.gymWithRoutes(admin.accessToken, { slug: 'logbook-north', routeCount: 10 })) },
      { slug: 'logbook-south', ...(await sg.build.gymWithRoutes(admin.accessToken, { slug: 'logbook-south', routeCount: 10 })) },
    ];
    const rows = logbookCsv(gyms);
    const [alex, sam] = [await sg.build.user(), await sg.build.user()];

    const parts = csvParts(rows);
    expect(parts.length).toBeGreaterThan(1);
    expect(await timed(`CSV import of 10,000 climbs in ${parts.length} calls`, () => importParts(alex.accessToken, 'CSV', parts))).toEqual({
      sessionsCreated: SESSIONS,
      climbsCreated: SESSIONS * CLIMBS_PER_SESSION,
      skipped: 0,
      errors: [],
    });

    const csv = await timed('CSV export of 10,000 climbs', () => exportAs(alex.accessToken, 'CSV'));
    // The export adds the (empty) project and narrowing cells to each row.
    expect(csv).toBe(`${[EXPORT_HEADER, ...rows.map((row) => `${row},,,,,`)].join('\r\n')}\r\n`);

    const json = await timed('JSON export of 10,000 climbs', () => exportAs(alex.accessToken, 'JSON'));
    const split = jsonParts(json);
    expect(await timed(`JSON import of 10,000 climbs into another account in ${split.length} calls`, () => importParts(sam.accessToken, 'JSON', split))).toEqual({
      sessionsCreated: SESSIONS,
      climbsCreated: SESSIONS * CLIMBS_PER_SESSION,
      skipped: 0,
      errors: [],
    });
    expect(await exportAs(sam.accessToken, 'CSV')).toBe(csv);

    // A part sent again imports nothing new.
    const again = await importParts(sam.accessToken, 'JSON', split.slice(0, 1));
    expect(again).toMatchObject({ sessionsCreated: 0, climbsCreated: 0, errors: [] });
    expect(again.skipped).toBeGreaterThan(0);
  }, 900_000);

  it('refuses the whole file in one call: the router answers 413 PAYLOAD_TOO_LARGE', async () => {
    const climber = await sg.build.user();
    const content = `${HEADER}\r\n${'x,'.repeat(60_000)}`;
    const response = await sg.request(IMPORT, { input: { format: 'CSV', content } }, climber.accessToken);
    expect(response.status).toBe(413);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('PAYLOAD_TOO_LARGE');
  });
});
