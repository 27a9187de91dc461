import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeText, loadCompose, parseEnvFile, serviceEnv } from './compose';
import {
  containerEnv,
  externalSecrets,
  configLoader,
  overlays,
  readRepoFile,
  renderOverlay,
  root,
  type Service,
  serviceOfImage,
  services,
  signingKeys,
  workloads,
} from './helpers';

/** .env.example with real keys and secret in place of its placeholders, as a user's .env would be. */
async function exampleVars() {
  return { ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()), SUBGRAPH_SECRET: randomBytes(32).toString('hex') };
}

it('the .env.example placeholder secret is refused in production, so nobody deploys it', async () => {
  const running = clmbServices(loadCompose({ ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()) }));
  const router = running.find(([name]) => name === 'router')!;
  expect(() => router[1](router[2])).toThrow(/SUBGRAPH_SECRET: must be random in production/);
});

/** Each compose service that runs a clmb image, with the service its config belongs to. */
function clmbServices(compose: any): [string, (env: NodeJS.ProcessEnv) => unknown, Record<string, string>][] {
  return Object.entries(compose.services as Record<string, any>)
    .map(([name, s]) => [name, (s.build?.target ?? serviceOfImage(s.image ?? '')) as Service | undefined, s] as const)
    .filter(([, service]) => services.includes(service as Service))
    .map(([name, service, s]) => [name, configLoader(service as Service, s.command ?? []), serviceEnv(s)]);
}

/** A variable the container cannot start without: its database, or for the router its key. */
const essential = (env: Record<string, string>) => ('DATABASE_URL' in env ? 'DATABASE_URL' : 'JWT_PUBLIC_KEY');

describe('docker-compose.yml environment against each service config', () => {
  it('gives every clmb container (servers and migrations) an environment its config accepts', async () => {
    const running = clmbServices(loadCompose(await exampleVars()));
    expect(running.map(([name]) => name).sort()).toEqual(['gyms', 'gyms-migrate', 'router', 'users', 'users-migrate']);
    for (const [name, load, env] of running) {
      expect(() => load(env), name).not.toThrow();
      expect(env, name).toMatchObject({ NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' });
    }
  });

  it('fails when a variable a service requires is not set (the check has teeth)', async () => {
    const running = clmbServices(loadCompose(await exampleVars()));
    for (const [name, load, env] of running) {
      const { [essential(env)]: _, ...without } = env;
      expect(() => load(without), name).toThrow(new RegExp(essential(env)));
    }
  });

  it('documents in .env.example every variable compose requires', () => {
    const example = parseEnvFile(readRepoFile('.env.example'));
    const required = [...composeText().matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    for (const name of new Set(required)) expect(Object.keys(example), name).toContain(name);
    expect(() => loadCompose({})).toThrow(/required variable/);
  });

  it('keeps .env out of git and out of the image build context', () => {
    expect(readRepoFile('.gitignore').split('\n')).toContain('.env');
    expect(readRepoFile('.dockerignore').split('\n')).toContain('.env');
    expect(execFileSync('git', ['ls-files', '.env'], { cwd: root, encoding: 'utf8' })).toBe('');
  });

  it('docker/generate-env.sh writes a .env the services accept, with a real Ed25519 key pair', () => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      console.warn('openssl not found: skipped running docker/generate-env.sh');
      return;
    }
    const file = join(mkdtempSync(join(tmpdir(), 'clmb-env-')), '.env');
    execFileSync('bash', [join(root, 'docker/generate-env.sh'), file], { stdio: 'ignore' });
    const vars = parseEnvFile(readFileSync(file, 'utf8'));
    const pem = (v: string) => v.replace(/\\n/g, '\n');
    expect(createPrivateKey(pem(vars.JWT_PRIVATE_KEY!)).asymmetricKeyType).toBe('ed25519');
    expect(createPublicKey(pem(vars.JWT_PUBLIC_KEY!)).asymmetricKeyType).toBe('ed25519');
    for (const [name, load, env] of clmbServices(loadCompose(vars))) expect(() => load(env), name).not.toThrow();
  });
});

describe.each(overlays)('%s overlay environment against each service config', (overlay) => {
  it('gives every clmb container (Deployments and Jobs) an environment its config accepts', async () => {
    const objects = renderOverlay(overlay);
    const external = await externalSecrets(overlay);
    let checked = 0;
    for (const w of workloads(objects)) {
      for (const container of w.pod.containers) {
        const service = serviceOfImage(container.image);
        if (!service) continue;
        const env = containerEnv(container, objects, external);
        const load = configLoader(service, [...(container.command ?? []), ...(container.args ?? [])]);
        expect(() => load(env), `${w.obj.kind}/${w.obj.metadata.name}`).not.toThrow();
        expect(env, w.obj.metadata.name).toMatchObject({ NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' });
        if (service === 'users' || service === 'gyms') expect(env.DATABASE_URL, w.obj.metadata.name).toBeTruthy();
        checked++;
      }
    }
    expect(checked).toBe(5);
  });

  it('gives the signing key to the users service only, and the migration Jobs no key or secret', () => {
    for (const w of workloads(renderOverlay(overlay))) {
      const refs = w.pod.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.key));
      const usersServer = w.obj.kind === 'Deployment' && w.labels['app.kubernetes.io/name'] === 'users';
      expect(refs.includes('JWT_PRIVATE_KEY'), w.obj.metadata.name).toBe(usersServer);
      if (w.obj.kind === 'Job') expect(refs, w.obj.metadata.name).toEqual(['DATABASE_URL']);
    }
  });

  it('fails when a Secret a container needs is not provided (the check has teeth)', async () => {
    const objects = renderOverlay(overlay);
    const { 'clmb-jwt': _, ...external } = await externalSecrets(overlay);
    const router = workloads(objects).find((w) => w.obj.metadata.name === 'router')!;
    expect(() => containerEnv(router.pod.containers[0], objects, external)).toThrow(/Secret clmb-jwt/);
  });
});

it('dev: create-secrets.sh creates every external Secret and key the dev overlay reads', async () => {
  const script = readRepoFile('k8s/overlays/dev/create-secrets.sh');
  for (const [name, keys] of Object.entries(await externalSecrets('dev'))) {
    expect(script, name).toMatch(new RegExp(`create secret generic ${name} `));
    for (const key of Object.keys(keys)) expect(script, `${name}.${key}`).toMatch(new RegExp(`--from-(literal|file)=${key}=`));
  }
});
