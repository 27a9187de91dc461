import { invalidField } from './errors';

interface PgErrorInfo {
  code?: string;
  constraint?: string;
}

/**
 * PGlite puts the Postgres error on the error itself; drizzle wraps postgres-js errors and keeps
 * the original as `cause`. postgres-js names the constraint `constraint_name`, PGlite `constraint`.
 */
export function pgError(error: unknown): PgErrorInfo {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const { code, constraint, constraint_name, cause } = e as Record<string, unknown>;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const name = constraint ?? constraint_name;
      return { code, ...(typeof name === 'string' && { constraint: name }) };
    }
    e = cause;
  }
  return {};
}

// query_canceled (statement_timeout) and lock_not_available (lock_timeout).
const TIMEOUTS = new Set(['57014', '55P03']);

/** Whether the database gave up on a statement: it ran too long or waited too long for a lock. */
export const isDatabaseTimeout = (error: unknown): boolean => TIMEOUTS.has(pgError(error).code ?? '');

/**
 * Turns the Postgres errors a client can cause (duplicate, dangling reference, malformed or
 * out-of-range value) into BAD_USER_INPUT naming the field: `fields` maps a violated constraint to
 * its input field, `fallback` names the field for any other. Anything else is rethrown, to be
 * logged and masked.
 */
export async function mapPgErrors<T>(run: () => Promise<T>, fields: Record<string, string>, fallback = 'input'): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const { code, constraint } = pgError(error);
    const field = (constraint && fields[constraint]) || fallback;
    if (code === '23505') throw invalidField(field, 'is already taken');
    if (code === '23503') throw invalidField(field, 'refers to something that does not exist');
    if (code === '22P02' || code === '23514') throw invalidField(field, 'is not a valid value');
    throw error;
  }
}
