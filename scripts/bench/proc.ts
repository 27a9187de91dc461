/** What a process costs, from /proc: CPU time used so far, and its peak resident memory. */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU time in ms; 0 for a process that is gone. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return 0;
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** VmHWM: the highest resident set size the process has had, in MB. */
export async function peakRssMb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status && /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : undefined;
}

/** CPU ms of each named process (summed over its pids) between two samples. */
type CpuSample = Map<string, Map<number, number>>;

export async function sampleCpu(pids: Map<string, number[]>): Promise<CpuSample> {
  const sample: CpuSample = new Map();
  for (const [name, list] of pids) sample.set(name, new Map(await Promise.all(list.map(async (pid) => [pid, await cpuMs(pid)] as const))));
  return sample;
}

export function cpuDelta(before: CpuSample, after: CpuSample): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [name, now] of after) {
    let sum = 0;
    // A pid first seen in `after` (e.g. a new Postgres backend) started inside the window.
    for (const [pid, ms] of now) sum += ms - (before.get(name)?.get(pid) ?? 0);
    delta.set(name, sum);
  }
  return delta;
}
