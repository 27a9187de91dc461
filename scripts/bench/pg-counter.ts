/**
 * testkit's TCP proxy in front of Postgres, counting SQL statements per database: every Execute ('E',
 * extended protocol) and simple Query ('Q') message a client sends. The bench runs it as its own
 * process (its CPU is reported too) and asks for the counts over IPC.
 * Usage: fork with argv [postgresHost, postgresPort]; it answers with the port it listens on.
 */
import { startTcpProxy } from '@clmb/testkit';
import { statementCounter } from './pg-protocol';

const [host, port] = process.argv.slice(2);
const counts: Record<string, number> = {};
const count = (database: string) => {
  counts[database] = (counts[database] ?? 0) + 1;
};

const proxy = await startTcpProxy(host!, Number(port), { tap: () => statementCounter(count) });
process.send?.({ port: proxy.port });
process.on('message', () => process.send?.({ counts }));
process.on('disconnect', () => proxy.close().then(() => process.exit(0)));
