import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, graphql, repoRoot, run } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** This working tree (what git tracks or would) in a temporary folder, sharing its installed packages. */
async function copyOfRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clmb-dev-'));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    await cp(join(repoRoot, file), join(dir, file), { recursive: true }).catch(() => undefined);
  }
  // Workspace links (node_modules/@clmb/*) are relative, so copied they point into the copy.
  await mkdir(join(dir, 'node_modules'));
  for (const entry of await readdir(join(repoRoot, 'node_modules'))) {
    if (entry === '@clmb') await cp(join(repoRoot, 'node_modules', entry), join(dir, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
    else await symlink(join(repoRoot, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  return dir;
}

let dev: ChildProcess | undefined;
const output: string[] = [];

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && dev?.exitCode === null) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Readiness polls while a service restarts are noise here: the rest says what happened.
  const printed = output.join('').split('\n').filter((line) => !line.includes('"msg":"not ready"'));
  throw new Error(`never saw ${what}; npm run dev printed:\n${printed.join('\n').slice(-6000)}`);
}

describe('npm run dev', () => {
  let repo: string;
  let url: string;

  beforeAll(async () => {
    repo = await copyOfRepo();
    const [router, users, gyms] = [await freePort(), await freePort(), await freePort()];
    url = `http://127.0.0.1:${router}/graphql`;
    // Its own process group, so that stopping it is Ctrl-C in a terminal: every process gets SIGINT.
    dev = spawn('npm', ['run', 'dev'], {
      cwd: repo,
      detached: true,
      env: { ...process.env, PORT: String(router), USERS_PORT: String(users), GYMS_PORT: String(gyms), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [dev.stdout, dev.stderr]) stream?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await eventually('the router ready', async () => ((await fetch(`http://127.0.0.1:${router}/ready`)).ok ? true : undefined));
  }, 150_000);

  afterAll(async () => {
    if (dev?.exitCode === null) {
      process.kill(-dev.pid!, 'SIGINT');
      await once(dev, 'exit');
    }
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  const probe = async () => (await graphql(url, '{ devProbe }')).data?.['devProbe'] as string | undefined;

  it('answers a field added to a subgraph SDL and resolver through the router, without restarting the router', async () => {
    const sdl = join(repo, 'subgraphs/gyms/src/schema.graphql');
    const resolvers = join(repo, 'subgraphs/gyms/src/resolvers/Query.ts');
    await writeFile(resolvers, (await readFile(resolvers, 'utf8')).replace(/(export const Query: QueryResolvers = \{)/, "$1\n  devProbe: () => 'hot',"));
    await writeFile(sdl, (await readFile(sdl, 'utf8')).replace(/^type Query \{/m, 'type Query {\n  "Added while `npm run dev` runs."\n  devProbe: String'));
    expect(await eventually('devProbe answered', probe)).toBe('hot');
    expect(await readFile(join(repo, 'schema/supergraph.graphql'), 'utf8')).toContain('devProbe: String @join__field(graph: GYMS)');
    expect(output.join('')).not.toMatch(/router +\| .*router listening[\s\S]*router +\| .*router listening/);
  }, 120_000);

  it('prints a composition error with its subgraph and line, and keeps serving the last good supergraph', async () => {
    const sdl = join(repo, 'subgraphs/gyms/src/schema.graphql');
    await writeFile(sdl, `${await readFile(sdl, 'utf8')}\nextend type Query { me: Int }\n`);
    const error = await eventually(
      'the composition error',
      async () => output.join('').match(/composition failed[^\n]*\n.*Query\.me.*\(at subgraphs\/gyms\/src\/schema\.graphql:\d+:\d+/)?.[0]
    );
    expect(error).toMatch(/subgraph "gyms"/);
    expect(await probe()).toBe('hot');
  }, 120_000);

  it('restarts a crashed subgraph with backoff, and says so', async () => {
    const before = output.join('').length;
    const pid = [...output.join('').matchAll(/users started \(pid (\d+)\)/g)].at(-1)?.[1];
    expect(pid).toBeDefined();
    process.kill(Number(pid), 'SIGKILL');
    await eventually('the restart notice', async () => output.join('').slice(before).match(/users exited \(SIGKILL\); restarting in/)?.[0]);
    const me = await eventually('users back', async () => ((await graphql(url, '{ me { id } }')).errors ? undefined : true));
    expect(me).toBe(true);
  }, 120_000);
});
