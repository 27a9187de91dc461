import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Built entry points are started from the repository root, as the images lay them out. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const run = promisify(execFile);

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
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
