import { z } from 'zod';
import { invalidField } from './errors';

/**
 * Validates a resolver argument with zod. The first problem becomes a BAD_USER_INPUT error that
 * names the field (`input.email`); all of them are listed under `extensions.issues`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    // Postgres text cannot hold NUL: a string with one would fail in the database, so no input
    // gets that far with one, whatever its validator (filters, slugs, emails, passwords, cursors).
    const nul = pathToNul(result.data, root);
    if (nul) throw invalidField(nul, 'must not contain NUL characters');
    return result.data;
  }
  const issues = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: root, message: 'Invalid input' };
  const error = invalidField(first.field, first.message);
  error.extensions['issues'] = issues;
  throw error;
}

/** The path of the first string holding a NUL character in a parsed input, or null. */
function pathToNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathToNul(item, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

// Text people read: no control characters (C0, DEL, C1; a multi-line text keeps tab and newlines)
// and no bidirectional overrides/isolates, which make a name or a note display as something else.
const CONTROL = /\p{Cc}/u;
const CONTROL_MULTILINE = /[^\P{Cc}\t\n\r]/u;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const readable = (text: string, multiline: boolean) => !(multiline ? CONTROL_MULTILINE : CONTROL).test(text) && !BIDI.test(text);
const READABLE = 'must not contain control or bidirectional override characters';

/** Field validators shared by both services, so the same limits hold everywhere. */
export const fields = {
  // Lower-cased: ids then compare in code as Postgres compares UUIDs, whatever the client's case.
  id: z.uuid({ message: 'must be a UUID' }).transform((id) => id.toLowerCase()),
  text: (max: number) =>
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`)
      .refine((v) => readable(v, false), READABLE),
  /** Empty or null is null; `multiline` (notes, descriptions) also allows tab and newlines. */
  optionalText: (max: number, options: { multiline?: boolean } = {}) =>
    z
      .string()
      .trim()
      .max(max, `must be at most ${max} characters`)
      .refine((v) => readable(v, options.multiline ?? false), READABLE)
      .nullish()
      .transform((v) => (v ? v : null)),
  email: z.email({ message: 'must be an email address' }).max(255).transform((v) => v.toLowerCase()),
  /** A username or an email, as typed to name an account (staff, invitations); resolved by the users service. */
  login: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
  // Any ISO 8601 instant parses; a climbing log has no business before 1970 or after 2100.
  dateTime: z
    .date({ message: 'must be an ISO 8601 date-time' })
    .min(new Date('1970-01-01T00:00:00Z'), 'must be 1970 or later')
    .max(new Date('2100-01-01T00:00:00Z'), 'must be before 2100'),
};

/** Validates a single id argument of a query or mutation. */
export const parseId = (value: unknown, field = 'id'): string => parseInput(fields.id, value, field);

/** A day of 24 hours, in milliseconds (windows and plans count days as 24 h, whatever the time zone). */
export const DAY_MS = 86_400_000;

/** How far ahead of the server's clock a client's time may be: clock skew, not a future plan. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A date-time that has happened (give or take clock skew): when a session started or ended. */
export const pastDateTime = fields.dateTime.refine(
  (date) => date.getTime() <= Date.now() + FUTURE_TOLERANCE_MS,
  'must not be in the future',
);

/**
 * Update inputs, one rule for both services: an omitted field stays as it is, `null` clears a
 * nullable field, and `null` on a field that cannot be empty is BAD_USER_INPUT naming it.
 */
export const patch = {
  /** A field that cannot be empty: omitted keeps it, `null` is refused. */
  required: <S extends z.ZodType>(schema: S) =>
    z
      .any()
      .refine((value) => value !== null, 'cannot be null: omit the field to keep its value')
      .pipe(schema.optional())
      .optional(),
  /** A nullable field: omitted keeps it, `null` clears it. */
  nullable: <S extends z.ZodType>(schema: S) => schema.nullish(),
};

/** The fields of a parsed update input that the client sent (null included, omitted left out). */
export function sentFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** True when an update changes nothing: the caller returns the row as it is. */
export const isEmptyPatch = (patch: object): boolean => Object.values(patch).every((value) => value === undefined);
