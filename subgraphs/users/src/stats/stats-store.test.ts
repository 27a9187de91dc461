import { expect, it } from 'vitest';
import { mayView, type Relation, type Visibility } from '../privacy/rule';
import { highestSeen, NARROWNESS, splitPeriod } from './stats-store';

const at = (iso: string) => new Date(iso);

it('reads the whole months of a period from the buckets and its partial months from the climbs', () => {
  expect(splitPeriod({ from: null, to: null })).toEqual({ months: { from: null, to: null }, edges: [] });
  expect(splitPeriod({ from: at('2025-03-15T12:00:00Z'), to: at('2025-06-10T00:00:00Z') })).toEqual({
    months: { from: at('2025-04-01T00:00:00Z'), to: at('2025-06-01T00:00:00Z') },
    edges: [
      { from: at('2025-03-15T12:00:00Z'), to: at('2025-04-01T00:00:00Z') },
      { from: at('2025-06-01T00:00:00Z'), to: at('2025-06-10T00:00:00Z') },
    ],
  });
  // Month starts are whole months; a December start rolls into the next year.
  expect(splitPeriod({ from: at('2025-05-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') })).toEqual({
    months: { from: at('2025-05-01T00:00:00Z'), to: at('2026-01-01T00:00:00Z') },
    edges: [],
  });
  expect(splitPeriod({ from: at('2025-12-31T23:00:00Z'), to: null })).toEqual({
    months: { from: at('2026-01-01T00:00:00Z'), to: null },
    edges: [{ from: at('2025-12-31T23:00:00Z'), to: at('2026-01-01T00:00:00Z') }],
  });
  // No whole month inside: the period is read from the climbs, at most two months of them.
  const within = { from: at('2025-02-03T00:00:00Z'), to: at('2025-02-20T00:00:00Z') };
  expect(splitPeriod(within)).toEqual({ months: null, edges: [within] });
  const across = { from: at('2025-02-20T00:00:00Z'), to: at('2025-03-10T00:00:00Z') };
  expect(splitPeriod(across)).toEqual({ months: null, edges: [across] });
});

const RELATIONS: Relation[] = ['SELF', 'ADMIN', 'FOLLOWER', 'STRANGER', 'ANONYMOUS'];
const VISIBILITIES: Visibility[] = ['PUBLIC', 'FOLLOWERS', 'PRIVATE'];

it("answers privacy's narrowings as a narrowness bound: what a viewer may see is every narrowing up to one", () => {
  for (const relation of RELATIONS) {
    const allowed = VISIBILITIES.filter((visibility) => mayView(relation, visibility));
    const highest = highestSeen(allowed);
    expect(VISIBILITIES.filter((visibility) => NARROWNESS[visibility] <= highest)).toEqual(allowed);
  }
  expect(highestSeen(null)).toBe(NARROWNESS.PRIVATE);
  expect(() => highestSeen(['PUBLIC', 'PRIVATE'])).toThrow('not every one up to the narrowest');
  expect(() => highestSeen([])).toThrow();
});
