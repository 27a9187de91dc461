import { describe, expect, it } from 'vitest';
import { maskIds } from './mask';

const id = '6f1c2b7e-9a3d-4c8e-b1f0-2d4e6a8c0b13';

describe('maskIds', () => {
  it('replaces every UUID, in values and inside messages, and keeps everything else', () => {
    const response = {
      status: 200,
      data: { gym: { id, routes: [{ id: id.toUpperCase(), attempts: 2, sent: true, name: null }] } },
      errors: [{ message: `Route ${id} is not at this gym`, path: ['gym', 0] }],
    };
    expect(maskIds(response)).toEqual({
      status: 200,
      data: { gym: { id: '<uuid>', routes: [{ id: '<uuid>', attempts: 2, sent: true, name: null }] } },
      errors: [{ message: 'Route <uuid> is not at this gym', path: ['gym', 0] }],
    });
  });

  it('leaves date-times alone unless asked, then masks every ISO 8601 form', () => {
    const times = { startTime: '2026-11-27T18:00:00.000Z', endTime: '2026-11-27T19:30:00Z', offset: '2026-11-27T19:30:00+01:00', day: '2026-11-27', duration: 'PT1H30M' };
    expect(maskIds(times)).toEqual(times);
    expect(maskIds(times, { dates: true })).toEqual({ startTime: '<date>', endTime: '<date>', offset: '<date>', day: '2026-11-27', duration: 'PT1H30M' });
  });

  it('does not change what it is given', () => {
    const value = { id };
    maskIds(value, { dates: true });
    expect(value).toEqual({ id });
  });
});
