import type { ApolloCache, Reference } from '@apollo/client/cache';

/** The change one write makes to a user's totals. */
export interface StatsDelta {
  sessionCount?: number;
  climbCount?: number;
  sendCount?: number;
  durationMs?: number;
}

// The API writes durations as PT<h>H<m>M<s>S (hours, never days: see the users service's duration.ts).
const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/;

export function parseDuration(iso: string): number | null {
  const match = DURATION.exec(iso);
  if (!match) return null;
  const [, h = '0', m = '0', s = '0'] = match;
  return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
}

export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1000;
  const parts = [hours && `${hours}H`, minutes && `${minutes}M`, seconds && `${seconds}S`].filter(Boolean);
  return `PT${parts.length ? parts.join('') : '0S'}`;
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
