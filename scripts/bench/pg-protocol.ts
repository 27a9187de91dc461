/** Just enough of the Postgres wire protocol (v3, client side) to count statements. */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Follows one client's side of a Postgres connection (the untyped start-up message, after an
 * optional SSL/GSS request, then typed messages, split across chunks anyhow) and calls
 * `onStatement` with the connection's database for every Execute ('E') or simple Query ('Q').
 */
export function statementCounter(onStatement: (database: string) => void): (chunk: Buffer) => void {
  let database = '?';
  let startup = true;
  let pending = Buffer.alloc(0);
  let skip = 0;
  return (chunk) => {
    const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    let at = 0;
    if (skip) {
      const n = Math.min(skip, data.length);
      skip -= n;
      at = n;
    }
    while (at < data.length) {
      if (startup) {
        if (data.length - at < 8) break;
        const length = data.readInt32BE(at);
        if (data.length - at < length) break;
        const code = data.readInt32BE(at + 4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) {
          const params = data.subarray(at + 8, at + length).toString().split('\0');
          const key = params.indexOf('database');
          database = (key >= 0 && params[key + 1]) || '?';
          startup = false;
        }
        at += length;
        continue;
      }
      if (data.length - at < 5) break;
      const type = data[at]!;
      const length = data.readInt32BE(at + 1);
      if (type === 0x45 || type === 0x51) onStatement(database);
      const end = at + 1 + length;
      if (end > data.length) {
        skip = end - data.length;
        at = data.length;
        break;
      }
      at = end;
    }
    // An incomplete header waits for the next chunk (copied: the chunk's buffer may be reused).
    if (at < data.length) pending = Buffer.from(data.subarray(at));
  };
}
