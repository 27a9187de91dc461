const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DATE_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

export interface MaskOptions {
  /** Also replace every ISO 8601 date-time (with a zone) by `'<date>'`. */
  dates?: boolean;
}

/**
 * Replaces what changes every run so whole responses can be compared: every UUID becomes
 * `'<uuid>'` (also inside messages), and with `{ dates: true }` every date-time `'<date>'`.
 * Object keys and non-string values are kept.
 */
export function maskIds<T>(value: T, options: MaskOptions = {}): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const ids = v.replace(UUID, '<uuid>');
      return options.dates ? ids.replace(DATE_TIME, '<date>') : ids;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}
