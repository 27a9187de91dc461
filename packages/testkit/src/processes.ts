import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Built entry points are started from the repository root, as the images lay them out. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const run = promisify(execFile);

/** Where the ports the OS hands out begin (`listen(0)`, and the local end of every outgoing connection). */
function ephemeralPortsStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

/** Whether `port` can be listened on at 127.0.0.1 now (it is released again before this resolves). */
async function bindable(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) {
    server.close();
    await once(server, 'close');
  }
  return bound;
}

/**
 * A port that was free a moment ago, for a service told where to listen before it starts. Taken
 * from below the OS's ephemeral range: a port the OS picked could be handed out again, as the
 * local end of any outgoing connection (a test's thousands, to Postgres and between services),
 * before a service that migrates its database first binds it, which then failed with EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const end = ephemeralPortsStart();
  const start = Math.max(1_024, end - 12_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = start + Math.floor(Math.random() * (end - start));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${start}–${end - 1} after 100 tries`);
}

export interface Process {
  child: ChildProcess;
  output: string[];
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts a built entry point as the image would: `node <file>` from the repository root (`nodeArgs` before the file). */
export function startProcess(file: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Process {
  const child = spawn(process.execPath, [...nodeArgs, file], {
    cwd: repoRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output, exited };
}

/** Polls `url` until it answers 2xx; fails with the process output if it exits or never does. */
export async function waitForReady(url: string, process: Process, attempts = 120): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (process.child.exitCode !== null) throw new Error(`exited early:\n${process.output.join('')}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} never became ready:\n${process.output.join('')}`);
}
