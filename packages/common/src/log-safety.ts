// A failed query's parameters (emails, password hashes, tokens) and Postgres's `detail` ("Key
// (email)=(...) already exists") must never reach a log: errors are logged with the SQL text and
// the database's code and message only.
const UNSAFE = new Set(['params', 'parameters', 'args', 'detail', 'where', 'internalQuery', 'values']);
const PARAMS_LINE = /\nparams: [\s\S]*?(?=\n {4}at |$)/;

type ErrorLike = Error & Record<string, unknown>;

/** pino's `err` serializer: type, message, stack and safe properties, down the `cause` chain. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as ErrorLike;
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    message: e.message.replace(PARAMS_LINE, ''),
    stack: e.stack?.replace(PARAMS_LINE, ''),
  };
  for (const [key, value] of Object.entries(e)) {
    if (UNSAFE.has(key) || key === 'cause' || key in out) continue;
    out[key] = value instanceof Error ? serializeError(value, depth + 1) : value;
  }
  if (e.cause !== undefined && depth < 4) out['cause'] = serializeError(e.cause, depth + 1);
  return out;
}
