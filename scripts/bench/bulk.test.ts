import { describe, expect, it } from 'vitest';
import { IMPORT_CLIMBS, importParts } from './bulk';

describe('the import file', () => {
  const parts = importParts('bench-boulders', ['r1', 'r2', 'r3'], new Date('2026-12-01T12:00:00Z'));

  it('holds 10,000 climbs in parts that each start with the header and fit the router’s 100 kB body limit as a JSON string', () => {
    const rows = parts.flatMap((part) => part.split('\r\n').slice(1));
    expect(rows).toHaveLength(IMPORT_CLIMBS);
    for (const part of parts) {
      expect(part.split('\r\n')[0]).toBe('gymSlug,sessionName,startTime,endTime,routeId,attempts,sent,style,loggedAt');
      expect(Buffer.byteLength(JSON.stringify({ query: 'mutation', variables: { input: { format: 'CSV', content: part } } }))).toBeLessThan(100 * 1024);
    }
  });

  it('logs 20 climbs in each of 500 sessions in the past, a failed attempt never flashed', () => {
    const rows = parts.flatMap((part) => part.split('\r\n').slice(1)).map((row) => row.split(','));
    expect(new Set(rows.map((cells) => cells[2])).size).toBe(500);
    expect(rows.every((cells) => cells[0] === 'bench-boulders' && new Date(cells[8]!) < new Date('2026-12-01T00:00:00Z'))).toBe(true);
    expect(rows.filter((cells) => cells[6] === 'false').every((cells) => cells[7] === 'ATTEMPT')).toBe(true);
  });
});
