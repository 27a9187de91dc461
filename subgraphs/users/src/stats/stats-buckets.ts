import type { Visibility } from '@clmb/drizzle/users';
import type { Allowed } from '../privacy/narrowing-store';

/** A time range of session starts: `from` inclusive, `to` exclusive, null open. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

/**
 * A period as the aggregates can answer it: the whole UTC months inside it (`months`, read from
 * the buckets; null when it holds none), and the parts of months at its edges (`edges`, read from
 * the climbs themselves: at most a month of them at each end).
 */
export interface SplitPeriod {
  months: Period | null;
  edges: Period[];
}

const monthStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
const nextMonthStart = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));

export function splitPeriod(period: Period): SplitPeriod {
  const first = period.from && (monthStart(period.from).getTime() === period.from.getTime() ? period.from : nextMonthStart(period.from));
  const end = period.to && monthStart(period.to);
  if (first && end && first >= end) return { months: null, edges: [period] };
  const edges: Period[] = [];
  if (period.from && first && first > period.from) edges.push({ from: period.from, to: first });
  if (period.to && end && end < period.to) edges.push({ from: end, to: period.to });
  return { months: { from: first, to: end }, edges };
}

/** A bucket's month as the aggregates store it: the first day of the month, `YYYY-MM-DD`. */
export const bucketMonth = (date: Date) => date.toISOString().slice(0, 10);

/** The buckets' narrowness of a visibility, as the `users.narrowness` SQL function has it; null (not narrowed) is 0. */
export const NARROWNESS: Record<Visibility, number> = { PUBLIC: 0, FOLLOWERS: 1, PRIVATE: 2 };

/**
 * The narrowest bucket the viewer may see. privacy's rule (rule.ts `mayView`) lets a viewer who
 * may see a narrowing see every wider one (a follower PUBLIC and FOLLOWERS, anyone else PUBLIC,
 * the climber and an ADMIN all), so `allowed` is always "every narrowing up to one", and "seen"
 * is "narrowness ≤ this"; the private counts are the rest. A set that is not of that shape could
 * not be answered from the buckets, so it is refused rather than misread.
 */
export function highestSeen(allowed: Allowed): number {
  if (!allowed) return NARROWNESS.PRIVATE;
  const highest = Math.max(-1, ...allowed.map((visibility) => NARROWNESS[visibility]));
  if (highest < 0 || new Set(allowed).size !== highest + 1) throw new Error(`stats: narrowings ${allowed.join(',')} are not every one up to the narrowest`);
  return highest;
}
