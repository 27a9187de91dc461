/**
 * Runs the services of `npm start` / `npm run dev` as child processes: prefixes their output with
 * their name, restarts one that crashes (with backoff, and says so), restarts one on request (a
 * code or SDL change in development), and stops them all on Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServiceSpec {
  name: string;
  /** Arguments to node, e.g. ['--import', 'tsx', 'router/src/index.ts']. */
  args: string[];
  env: Record<string, string | undefined>;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
/** A process that stayed up this long was healthy: its next crash starts the backoff over. */
const HEALTHY_AFTER_MS = 10_000;

export const log = (name: string, line: string) => console.log(`${name.padEnd(6)} | ${line}`);

export function supervise(specs: ServiceSpec[], cwd: URL) {
  const children = new Map<string, ChildProcess>();
  const delays = new Map<string, number>();
  let stopping = false;

  function run(spec: ServiceSpec): void {
    const startedAt = Date.now();
    const child = spawn(process.execPath, spec.args, { cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.set(spec.name, child);
    log('clmb', `${spec.name} started (pid ${child.pid})`);
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => log(spec.name, line));
    child.on('exit', (code, signal) => {
      if (stopping || children.get(spec.name) !== child) return;
      const healthy = Date.now() - startedAt > HEALTHY_AFTER_MS;
      const delay = healthy ? FIRST_DELAY_MS : Math.min((delays.get(spec.name) ?? FIRST_DELAY_MS / 2) * 2, MAX_DELAY_MS);
      delays.set(spec.name, delay);
      log('clmb', `${spec.name} exited (${signal ?? `code ${code}`}); restarting in ${(delay / 1000).toFixed(1)} s`);
      setTimeout(() => !stopping && children.get(spec.name) === child && run(spec), delay);
    });
  }

  /** Stops a service (waiting for it to exit) and starts it again at once: a deliberate restart. */
  async function restart(name: string): Promise<void> {
    const spec = specs.find((s) => s.name === name);
    const child = children.get(name);
    if (!spec || stopping) return;
    children.delete(name);
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    }
    delays.delete(name);
    log('clmb', `restarting ${name}`);
    run(spec);
  }

  function stop(exitCode: number): void {
    if (stopping) return;
    stopping = true;
    const running = [...children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    let left = running.length;
    if (left === 0) process.exit(exitCode);
    for (const child of running) {
      child.once('exit', () => --left === 0 && process.exit(exitCode));
      child.kill('SIGTERM');
    }
  }

  for (const spec of specs) run(spec);
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  return { restart, stop, stopping: () => stopping };
}

/** Polls a readiness URL until it answers 2xx (or the supervisor is stopping). */
export async function waitUntilReady(url: string, stopping: () => boolean): Promise<void> {
  while (!stopping()) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
