import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCompose, parseEnvFile } from './compose';
import { readRepoFile, root, services, signingKeys } from './helpers';

interface Stage {
  from: string;
  name: string;
  lines: string[];
}

/** The Dockerfile's stages, continuation lines joined. */
function stages(): Stage[] {
  const text = readRepoFile('Dockerfile').replace(/\\\n\s*/g, ' ');
  const result: Stage[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ from: from[1]!, name: from[2] ?? '', lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

/** A stage's instructions, its parents' included (FROM <stage>). */
function inherited(name: string): string[] {
  const all = stages();
  const stage = all.find((s) => s.name === name);
  if (!stage) return [];
  return [...inherited(stage.from), ...stage.lines];
}

const entry: Record<string, string> = {
  users: 'subgraphs/users/dist/index.js',
  gyms: 'subgraphs/gyms/dist/index.js',
  router: 'router/dist/index.js',
};

describe('Dockerfile', () => {
  it('builds on Node 22 LTS, Debian slim', () => {
    expect(readRepoFile('Dockerfile')).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    for (const s of stages()) if (!stages().some((other) => other.name === s.from)) expect(s.from).toBe('$' + '{NODE_IMAGE}');
  });

  it.each(services)('target %s: production dependencies only, non-root, production mode, health check', (service) => {
    const lines = inherited(service);
    expect(lines, 'no target').not.toEqual([]);
    expect(lines).toContain(`CMD ["node", "${entry[service]}"]`);
    expect(lines.some((l) => /^ENV .*NODE_ENV=production/.test(l))).toBe(true);
    expect(lines.some((l) => /^ENV .*APOLLO_TELEMETRY_DISABLED=1/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('HEALTHCHECK') && l.includes('/health'))).toBe(true);
    const user = lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBe('USER node');
    // node_modules comes from a stage that installed with --omit=dev, never from the build stage.
    const modules = lines.find((l) => l.includes('/app/node_modules'));
    const source = /--from=(\S+)/.exec(modules ?? '')?.[1];
    expect(inherited(source ?? '').some((l) => l.includes('npm ci --omit=dev') && l.includes(`-w @clmb/${service}`))).toBe(true);
    expect(lines.filter((l) => l.startsWith('COPY --from=build')).every((l) => !l.includes('node_modules'))).toBe(true);
  });

  it('copies the package.json of every workspace before npm ci', () => {
    const workspaces = (JSON.parse(readRepoFile('package.json')).workspaces as string[]).flatMap((w) =>
      w.endsWith('/*')
        ? readdirSync(`${root}${w.slice(0, -2)}`)
            .map((d) => `${w.slice(0, -2)}/${d}`)
            .filter((d) => statSync(`${root}${d}`).isDirectory())
        : [w],
    );
    const manifests = inherited('manifests').join('\n');
    for (const w of workspaces) expect(manifests, w).toContain(`COPY ${w}/package.json ${w}/`);
  });

  it('builds each service with the workspace build script the services define', () => {
    const build = inherited('build').join('\n');
    for (const s of services) expect(build).toContain(`-w @clmb/${s}`);
  });

  it('is the build compose uses: every compose build target exists', async () => {
    const { services: composed } = loadCompose({ ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()) });
    const targets = Object.values(composed as Record<string, any>).flatMap((s) => (s.build ? [s.build.target] : []));
    expect(new Set(targets)).toEqual(new Set(services));
    for (const t of targets) expect(stages().some((s) => s.name === t)).toBe(true);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, local data, git and secrets out of the context', () => {
    const lines = readRepoFile('.dockerignore').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '**/.data', '.git', '.env']) expect(lines).toContain(pattern);
  });
});
