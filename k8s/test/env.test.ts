import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeText, loadCompose, parseEnvFile, serviceEnv } from './compose';
import {
  containerEnv,
  externalSecrets,
  loadConfig,
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

/** .env.example with real keys in place of its placeholders, as a user's .env would be. */
async function exampleVars() {
  return { ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()) };
}

/** Each compose service that runs a clmb image, with the service its config belongs to. */
function clmbServices(compose: any): [string, Service, Record<string, string>][] {
  return Object.entries(compose.services as Record<string, any>)
    .map(([name, s]) => [name, (s.build?.target ?? serviceOfImage(s.image ?? '')) as Service | undefined, serviceEnv(s)] as const)
    .filter((entry): entry is [string, Service, Record<string, string>] => services.includes(entry[1] as Service));
}

describe('docker-compose.yml environment against each service config', () => {
  it('gives every clmb container (servers and migrations) an environment its config accepts', async () => {
    const running = clmbServices(loadCompose(await exampleVars()));
    expect(running.map(([name]) => name).sort()).toEqual(['gyms', 'gyms-migrate', 'router', 'users', 'users-migrate']);
    for (const [name, service, env] of running) {
      expect(() => loadConfig[service](env), name).not.toThrow();
      expect(env, name).toMatchObject({ NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' });
    }
  });

  it('fails when a variable a service requires is not set (the check has teeth)', async () => {
    const running = clmbServices(loadCompose(await exampleVars()));
    for (const [name, service, env] of running) {
      const { JWT_PUBLIC_KEY: _, ...withoutKey } = env;
      expect(() => loadConfig[service](withoutKey), name).toThrow(/JWT_PUBLIC_KEY/);
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
    for (const [name, service, env] of clmbServices(loadCompose(vars))) expect(() => loadConfig[service](env), name).not.toThrow();
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
        expect(() => loadConfig[service](env), `${w.obj.kind}/${w.obj.metadata.name}`).not.toThrow();
        expect(env, w.obj.metadata.name).toMatchObject({ NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1' });
        if (service === 'users' || service === 'gyms') expect(env.DATABASE_URL, w.obj.metadata.name).toBeTruthy();
        checked++;
      }
    }
    expect(checked).toBe(5);
  });

  it('gives the signing key to the users service only', () => {
    for (const w of workloads(renderOverlay(overlay))) {
      const refs = w.pod.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.key));
      expect(refs.includes('JWT_PRIVATE_KEY'), w.obj.metadata.name).toBe(w.labels['app.kubernetes.io/name'] === 'users');
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
