import { parse, serialize } from 'tinyduration';

// The API's durations (`Session.duration`, `UserStats.totalDuration`) are ISO 8601 in hours,
// minutes and seconds (`PT1H30M`, `PT0S`). Days are left out on purpose: a calendar day is not
// always 24 hours, an elapsed hour always is. The users service writes them; the app's kit reads
// them and adjusts cached totals.

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Milliseconds as the API writes a duration; a negative span is none. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds));
  return serialize({ hours: Math.floor(total / HOUR_MS), minutes: Math.floor((total % HOUR_MS) / MINUTE_MS), seconds: (total % MINUTE_MS) / 1000 });
}

/**
 * A duration as the API writes it, in milliseconds; null for anything else: days, a negative
 * part, fractions of hours or minutes, or text around it (what reads back as something other than
 * it is written).
 */
export function parseDuration(iso: string): number | null {
  let parts: ReturnType<typeof parse>;
  try {
    parts = parse(iso);
  } catch {
    return null;
  }
  const { negative, years, months, weeks, days, hours = 0, minutes = 0, seconds = 0 } = parts;
  if (negative || years || months || weeks || days || hours < 0 || minutes < 0 || seconds < 0) return null;
  if (!Number.isInteger(hours) || !Number.isInteger(minutes)) return null;
  const milliseconds = Math.round(hours * HOUR_MS + minutes * MINUTE_MS + seconds * 1000);
  // tinyduration's parser finds a duration inside other text; the API writes nothing around it.
  return serialize(parts) === iso ? milliseconds : null;
}
