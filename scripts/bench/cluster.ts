/** Starting and stopping the bench's processes, each from its bundle with plain `node`. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { type Process, repoRoot, startProcess, waitForReady } from '@clmb/testkit';
import { benchBundle } from './bundle';

interface Running {
  name: string;
  pid: number;
  process: Process;
}

export class Cluster {
  readonly running: Running[] = [];
  /** Set, processes started from now on write a CPU profile named after them into it when they exit. */
  cpuProfDir: string | undefined;

  /** Starts `file` and waits until `readyUrl` answers (2xx), or for any HTTP answer with `anyAnswer`. */
  async start(name: string, file: string, env: Record<string, string>, readyUrl: string, anyAnswer = false): Promise<Running> {
    const profile = this.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${this.cpuProfDir}`, `--cpu-prof-name=${name.replace(/\W+/g, '-').replace(/-$/, '')}.cpuprofile`] : [];
    const process = startProcess(file, env, profile);
    const running = { name, pid: process.child.pid!, process };
    this.running.push(running);
    if (!anyAnswer) await waitForReady(readyUrl, process);
    else await waitForAnswer(readyUrl, process);
    return running;
  }

  pid(name: string): number {
    const found = this.running.find((r) => r.name === name);
    if (!found) throw new Error(`no process ${name}`);
    return found.pid;
  }

  async stop(): Promise<void> {
    const running = this.running.splice(0);
    for (const r of running) r.process.child.kill('SIGTERM');
    await Promise.all(
      running.map((r) =>
        Promise.race([r.process.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]).then(() => r.process.child.kill('SIGKILL')),
      ),
    );
  }
}

/** For servers without a readiness endpoint: up as soon as a POST gets any HTTP answer. */
async function waitForAnswer(url: string, process: Process): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (process.child.exitCode !== null) throw new Error(`exited early:\n${process.output.join('')}`);
    const answered = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} never answered:\n${process.output.join('')}`);
}

/** The SQL-counting proxy in front of Postgres, as its own process; `counts()` asks it over IPC. */
export async function startPgCounter(server: { host: string; port: number }) {
  const child = fork(benchBundle('pg-counter'), [server.host, String(server.port)], { cwd: repoRoot, stdio: 'ignore' });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    pid: child.pid!,
    port,
    counts: async (): Promise<Record<string, number>> => {
      child.send('counts');
      const [message] = (await once(child, 'message')) as [{ counts: Record<string, number> }];
      return { ...message.counts };
    },
    stop: async () => {
      child.disconnect();
      await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 5000))]);
      child.kill('SIGKILL');
    },
  };
}

export type PgCounter = Awaited<ReturnType<typeof startPgCounter>>;
