import { describe, expect, it } from 'vitest';
import { statementCounter } from './pg-protocol';

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const untyped = (body: Buffer) => Buffer.concat([int32(body.length + 4), body]);
const typed = (type: string, body = Buffer.alloc(0)) => Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);

const sslRequest = untyped(int32(80877103));
const startup = (database: string) => untyped(Buffer.concat([int32(196608), Buffer.from(`user\0postgres\0database\0${database}\0\0`)]));
// One prepared statement run twice (Parse/Bind/Describe/Execute/Sync, then Bind/Execute/Sync), one simple query.
const session = (database: string) =>
  Buffer.concat([
    sslRequest,
    startup(database),
    typed('P', Buffer.from('s1\0select $1\0\0\0')),
    typed('B', Buffer.alloc(40, 1)),
    typed('D', Buffer.from('Ps1\0')),
    typed('E', Buffer.from('\0\0\0\0\0')),
    typed('S'),
    typed('B', Buffer.alloc(3000, 0x45)),
    typed('E', Buffer.from('\0\0\0\0\0')),
    typed('S'),
    typed('Q', Buffer.from('begin\0')),
  ]);

function count(chunks: Buffer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  const feed = statementCounter((database) => {
    counts[database] = (counts[database] ?? 0) + 1;
  });
  for (const chunk of chunks) feed(chunk);
  return counts;
}

describe('statementCounter', () => {
  it('counts Execute and simple Query messages of the connection’s database, after an SSL request', () => {
    expect(count([session('gyms')])).toEqual({ gyms: 3 });
  });

  it('gives the same count however the stream is cut into chunks (E bytes inside bodies are not messages)', () => {
    const stream = session('users');
    for (const size of [1, 3, 5, 7, 64, 1000]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));
      expect(count(chunks), `chunks of ${size} bytes`).toEqual({ users: 3 });
    }
  });
});
