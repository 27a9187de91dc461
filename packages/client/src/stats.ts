import type { ApolloCache, Reference } from '@apollo/client/cache';
import { formatDuration, parseDuration } from '@clmb/scalars';

/** The change one write makes to a user's totals. */
export interface StatsDelta {
  sessionCount?: number;
  climbCount?: number;
  sendCount?: number;
  durationMs?: number;
}

interface CachedStats {
  sessionCount?: number;
  climbCount?: number;
  sendCount?: number;
  totalDuration?: string;
}

/** What a delta can keep right; the rest of `UserStats` (flashes, pyramid ...) is dropped. */
const ADJUSTABLE = new Set(['__typename', 'sessionCount', 'climbCount', 'sendCount', 'totalDuration']);

/**
 * Applies a delta to a user's cached all-time `stats`, field by field: a field the cache does not
 * hold stays missing, and a total it cannot compute (an unparsable duration) is dropped, so the
 * next query that needs it asks the server rather than show a wrong number. So are the fields a
 * delta cannot tell (flash counts, hardest send, pyramid, progression) and stats over a period
 * (`stats(period: …)`), which the write may or may not fall in.
 */
export function adjustStats(cache: ApolloCache, user: Reference, delta: StatsDelta): void {
  cache.modify({
    id: user.__ref,
    fields: {
      stats(value, { DELETE, storeFieldName }) {
        // UserStats has no id: the cache stores it inline, never as a reference.
        const existing = value as CachedStats | null;
        if (!existing) return existing;
        if (storeFieldName !== 'stats') return DELETE;
        const next = Object.fromEntries(Object.entries(existing).filter(([field]) => ADJUSTABLE.has(field))) as CachedStats;
        const add = (field: 'sessionCount' | 'climbCount' | 'sendCount', by = 0) => {
          const value = existing[field];
          if (typeof value === 'number') next[field] = Math.max(0, value + by);
        };
        add('sessionCount', delta.sessionCount);
        add('climbCount', delta.climbCount);
        add('sendCount', delta.sendCount);
        if (delta.durationMs && existing.totalDuration !== undefined) {
          const total = parseDuration(existing.totalDuration);
          if (total === null) return DELETE;
          next.totalDuration = formatDuration(total + delta.durationMs);
        }
        return next;
      },
    },
  });
}
