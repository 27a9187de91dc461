/**
 * testkit's TCP proxy in front of Postgres, counting SQL statements per database: every Execute ('E',
 * extended protocol) and simple Query ('Q') message a client sends. The bench runs it as its own
 * process (its CPU is reported too) and asks for the counts over IPC.
 * Usage: fork with argv [postgresHost, postgresPort]; it answers with the port it listens on.
 */
import { startTcpProxy } from '@clmb/testkit';

const [host, port] = process.argv.slice(2);
const counts: Record<string, number> = {};
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Follows one client's message stream: the untyped start-up message(s), then typed messages. */
function counter(): (chunk: Buffer) => void {
  let database = '?';
  let startup = true;
  let pending = Buffer.alloc(0);
  let skip = 0;
  return (chunk) => {
    let data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
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
          database = params[params.indexOf('database') + 1] ?? '?';
          startup = false;
        }
        at += length;
        continue;
      }
      if (data.length - at < 5) break;
      const type = data[at]!;
      const length = data.readInt32BE(at + 1);
      if (type === 0x45 || type === 0x51) counts[database] = (counts[database] ?? 0) + 1;
      const end = at + 1 + length;
      if (end > data.length) {
        skip = end - data.length;
        at = data.length;
        break;
      }
      at = end;
    }
    if (at < data.length) pending = Buffer.from(data.subarray(at));
    data = Buffer.alloc(0);
  };
}

const proxy = await startTcpProxy(host!, Number(port), { tap: counter });
process.send?.({ port: proxy.port });
process.on('message', () => process.send?.({ counts }));
process.on('disconnect', () => proxy.close().then(() => process.exit(0)));
