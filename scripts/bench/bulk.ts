/**
 * Import and export through the router, as an app does them: `importLogbook` of a 10,000-climb CSV
 * in parts within the router's default 100 kB body limit (one after the other: the API takes one
 * import at a time per climber), and `exportLogbook` of a 100,000-climb logbook part after part
 * (`after: next`), while the users process's resident memory is sampled.
 */
import { readFile } from 'node:fs/promises';
import { graphql } from '@clmb/testkit';
import type { LoadResult } from './load';

const IMPORT = /* GraphQL */ `mutation Import($input: ImportLogbookInput!) { importLogbook(input: $input) { sessionsCreated climbsCreated skipped errors { row message } } }`;
const EXPORT = /* GraphQL */ `query Export($after: String) { exportLogbook(format: CSV, after: $after) { content next } }`;

export const IMPORT_CLIMBS = 10_000;
const IMPORT_CLIMBS_PER_SESSION = 20;
/** Below the router's 100 kB: the CSV travels as a JSON string inside the request body. */
const PART_BYTES = 90_000;
const HEADER = 'gymSlug,sessionName,startTime,endTime,routeId,attempts,sent,style,loggedAt';

/**
 * A 10,000-climb logbook at the gym as CSV parts, each the header and whole rows: 500 sessions of
 * 20 climbs, a session a day back from yesterday, the gym's routes in turn.
 */
export function importParts(gymSlug: string, routeIds: string[], now = new Date()): string[] {
  const rows: string[] = [];
  const day = 86_400_000;
  const midnight = Math.floor(now.getTime() / day) * day;
  for (let s = 0; s < IMPORT_CLIMBS / IMPORT_CLIMBS_PER_SESSION; s++) {
    const start = midnight - (s + 1) * day + 17 * 3_600_000;
    const [startTime, endTime] = [new Date(start).toISOString(), new Date(start + 2 * 3_600_000).toISOString()];
    for (let j = 0; j < IMPORT_CLIMBS_PER_SESSION; j++) {
      const sent = (s + j) % 5 !== 0;
      const loggedAt = new Date(start + (j + 1) * 5 * 60_000).toISOString();
      const route = routeIds[(s * 7 + j) % routeIds.length]!;
      rows.push(`${gymSlug},Imported ${s},${startTime},${endTime},${route},${sent ? 1 + (j % 3) : 3},${sent},${sent ? (j % 3 ? 'REDPOINT' : 'FLASH') : 'ATTEMPT'},${loggedAt}`);
    }
  }
  const parts: string[] = [];
  let part = [HEADER];
  let bytes = HEADER.length;
  for (const row of rows) {
    if (bytes + row.length + 2 > PART_BYTES) {
      parts.push(part.join('\r\n'));
      [part, bytes] = [[HEADER], HEADER.length];
    }
    part.push(row);
    bytes += row.length + 2;
  }
  parts.push(part.join('\r\n'));
  return parts;
}

const outcome = (climbs: number, seconds: number, requests: number, failed: number, problem: string | undefined, extra: Record<string, number> = {}): LoadResult => ({
  ...(problem && { problem }),
  requests,
  sent: requests,
  rps: requests / seconds,
  p50: Number.NaN,
  p99: Number.NaN,
  failed,
  extra: { climbs, seconds, climbsPerSecond: climbs / seconds, ...extra },
});

/** Every part in turn as the climber; failed counts parts refused or with row errors. */
export async function importLogbook(url: string, token: string, parts: string[]): Promise<LoadResult> {
  let [climbs, failed] = [0, 0];
  let problem: string | undefined;
  const started = performance.now();
  for (const content of parts) {
    const answer = await graphql(url, IMPORT, { input: { format: 'CSV', content } }, token).catch((error: Error) => ({ errors: [error], data: undefined }));
    const result = answer.data?.['importLogbook'];
    if (answer.errors?.length || !result || result.errors.length) {
      failed++;
      problem ??= JSON.stringify(answer.errors ?? result?.errors).slice(0, 300);
    }
    climbs += result?.climbsCreated ?? 0;
  }
  const seconds = (performance.now() - started) / 1000;
  if (climbs !== IMPORT_CLIMBS) failed ||= 1;
  return outcome(climbs, seconds, parts.length, failed, problem);
}

/** VmRSS of a process now, in MB (VmHWM would be the peak of its whole life). */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/**
 * The whole logbook, part after part, as its climber; `expected` climbs (one CSV row each: the
 * seeded logbook has no notes spanning lines, no empty sessions, no projects). Meanwhile the users
 * process's RSS is sampled every 20 ms: its peak is what the export held.
 */
export async function exportLogbook(url: string, token: string, expected: number, usersPid: number): Promise<LoadResult> {
  let peak = await rssMb(usersPid);
  const baseline = peak;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssMb(usersPid));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let [climbs, requests, failed] = [0, 0, 0];
  let problem: string | undefined;
  let after: string | null = null;
  const started = performance.now();
  do {
    requests++;
    const answer = await graphql(url, EXPORT, { after }, token).catch((error: Error) => ({ errors: [error], data: undefined }));
    const part = answer.data?.['exportLogbook'] as { content: string; next: string | null } | undefined;
    if (answer.errors?.length || !part) {
      failed++;
      problem = JSON.stringify(answer.errors).slice(0, 300);
      break;
    }
    climbs += part.content.split('\r\n').filter((line, i) => i > 0 && line !== '').length;
    after = part.next;
  } while (after);
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  if (climbs !== expected) failed ||= 1;
  return outcome(climbs, seconds, requests, failed, problem, { usersPeakRssMb: peak, usersRssBeforeMb: baseline });
}
