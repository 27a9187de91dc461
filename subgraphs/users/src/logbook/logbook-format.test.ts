import { describe, expect, it } from 'vitest';
import { type LogbookSession, readLogbook, writeCsv, writeJson } from './logbook-format';

const TRICKY = ['=SUM(A1)', '+1 move', '-5 kg', '@home', "'=already quoted", "''+twice", "it's fine", 'a, "quoted"\r\nsecond line', '\ttabbed', 'a line\nbreak', 'a carriage\rreturn'];

const sessionWith = (notes: string): LogbookSession => ({
  gymSlug: 'the-foundry',
  name: notes,
  startTime: new Date('2026-01-10T18:00:00.000Z'),
  endTime: null,
  notes,
  mood: null,
  energy: null,
  visibility: 'FOLLOWERS',
  climbs: [{ routeId: '6f1c2a70-8a1e-4c7e-9d55-2a4b6f0e9a01', attempts: 2, sent: true, style: 'REDPOINT', notes, loggedAt: new Date('2026-01-10T18:05:00.000Z'), visibility: 'PRIVATE' }],
});

describe('logbook files', () => {
  it.each(TRICKY)('read back every text a CSV export wrote, formulas defused in the file: %j', (text) => {
    const content = writeCsv([sessionWith(text)]);
    const row = content.split('\r\n')[1] ?? '';
    expect(/^[=+\-@\t]/.test(row.split(',')[1] ?? '')).toBe(false);
    const [entry] = readLogbook('CSV', content).entries;
    expect(entry?.session['sessionName']).toBe(text);
    expect(entry?.session['sessionNotes']).toBe(text);
    expect(entry?.climbs[0]?.values['climbNotes']).toBe(text);
  });

  it('quotes a cell with a comma, a quote or a line break, its quotes doubled, and no other', () => {
    const cells = writeCsv([sessionWith('x')], [
      { routeId: 'a', note: 'one\ntwo', addedAt: new Date('2026-01-01T00:00:00.000Z') },
      { routeId: 'b', note: 'say "hi", then', addedAt: new Date('2026-01-01T00:00:00.000Z') },
      { routeId: 'c', note: 'plain words', addedAt: new Date('2026-01-01T00:00:00.000Z') },
    ]).split('\r\n');
    expect(cells.slice(2)).toEqual([
      ',,,,,,,,,,,,,a,"one\ntwo",2026-01-01T00:00:00.000Z,,',
      ',,,,,,,,,,,,,b,"say ""hi"", then",2026-01-01T00:00:00.000Z,,',
      ',,,,,,,,,,,,,c,plain words,2026-01-01T00:00:00.000Z,,',
      '',
    ]);
  });

  it('reads CSV cells as the API types them: numbers, booleans, dates, empty as null', () => {
    const [entry] = readLogbook('CSV', writeCsv([sessionWith('x')])).entries;
    expect(entry?.session).toMatchObject({ gymSlug: 'the-foundry', startTime: new Date('2026-01-10T18:00:00.000Z'), endTime: null, mood: null });
    expect(entry?.climbs[0]?.values).toMatchObject({ attempts: 2, sent: true, style: 'REDPOINT', loggedAt: new Date('2026-01-10T18:05:00.000Z') });
  });

  it('carries what a session and a climb narrowed their visibility to, in the last two CSV columns and as `visibility` in JSON', () => {
    const csv = writeCsv([sessionWith('x')]);
    expect(csv.split('\r\n')[0]?.split(',').slice(-2)).toEqual(['sessionVisibility', 'climbVisibility']);
    for (const content of [csv, writeJson([sessionWith('x')])]) {
      const [entry] = readLogbook(content === csv ? 'CSV' : 'JSON', content).entries;
      expect([entry?.session['sessionVisibility'], entry?.climbs[0]?.values['climbVisibility']]).toEqual(['FOLLOWERS', 'PRIVATE']);
    }
    expect(readLogbook('JSON', writeJson([sessionWith('x')])).entries[0]?.field('sessionVisibility')).toBe('visibility');
  });

  it('reads JSON as written, naming fields as the file does', () => {
    const [entry] = readLogbook('JSON', writeJson([sessionWith('=x')])).entries;
    expect(entry?.session['sessionNotes']).toBe('=x');
    expect(entry?.field('sessionNotes')).toBe('notes');
    expect(entry?.climbs[0]?.field('climbNotes')).toBe('climbs.0.notes');
  });
});
