import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadCompose, parseEnvFile, serviceEnv } from './compose';
import { readRepoFile, signingKeys } from './helpers';

// The compose specification's own JSON schema (compose-spec/compose-spec, schema/compose-spec.json),
// as the dclint package ships it.
const require = createRequire(import.meta.url);
const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');
// It is draft-07, Ajv's default; its $schema spells the draft's URL with https, which Ajv does not
// know by that name.
const { $schema: _, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const compose = async () => loadCompose({ ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()) });

describe('docker-compose.yml', () => {
  it('validates against the compose specification schema', async () => {
    const ok = validate(await compose());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check has teeth', async () => {
    const bad = await compose();
    bad.services.router.depends_on.users.condition = 'service_ready';
    bad.services.router.helthcheck = {};
    expect(validate(bad)).toBe(false);
  });

  it('runs Postgres 17 on a named volume, checked with pg_isready, initialised by the init script', async () => {
    const { services, volumes } = await compose();
    const pg = services.postgres;
    expect(pg.image).toBe('postgres:17');
    expect(pg.healthcheck.test.join(' ')).toContain('pg_isready');
    const [volume] = pg.volumes[0].split(':');
    expect(Object.keys(volumes)).toContain(volume);
    expect(pg.volumes).toContain('./docker/postgres-init:/docker-entrypoint-initdb.d:ro');
  });

  it('migrates each subgraph in a one-shot step before the subgraph starts', async () => {
    const { services } = await compose();
    for (const s of ['users', 'gyms']) {
      const migrate = services[`${s}-migrate`];
      expect(migrate.command).toEqual(['node', `subgraphs/${s}/dist/migrate.js`]);
      expect(migrate.restart).toBe('no');
      expect(migrate.image).toBe(services[s].image);
      expect(migrate.depends_on.postgres.condition).toBe('service_healthy');
      expect(services[s].depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        [`${s}-migrate`]: { condition: 'service_completed_successfully' },
      });
    }
    expect(services.router.depends_on).toEqual({ users: { condition: 'service_healthy' }, gyms: { condition: 'service_healthy' } });
  });

  it('publishes the router only (Mailpit and the observability profile add their UIs, on loopback)', async () => {
    const { services } = await compose();
    const published = Object.entries(services as Record<string, any>).filter(([, s]) => s.ports?.length && !s.profiles);
    expect(published.map(([name]) => name)).toEqual(['router', 'mailpit']);
    expect(services.router.ports).toEqual(['4000:4000']);
    expect(services.mailpit.ports).toEqual(['127.0.0.1:8025:8025']);
    expect(services.jaeger.ports).toEqual(['127.0.0.1:16686:16686']);
    expect(services.prometheus.ports).toEqual(['127.0.0.1:9090:9090']);
  });

  it('adds Jaeger and Prometheus, pinned, in the observability profile, scraping every service where it serves /metrics', async () => {
    const { services } = await compose();
    const profiled = Object.entries(services as Record<string, any>).filter(([, s]) => s.profiles);
    expect(profiled.map(([name, s]) => [name, s.profiles])).toEqual([
      ['jaeger', ['observability']],
      ['prometheus', ['observability']],
    ]);
    for (const [, s] of profiled) expect(s.image).toMatch(/:v?\d+\.\d+\.\d+$/);
    expect(services.prometheus.volumes).toEqual(['./docker/prometheus.yml:/etc/prometheus/prometheus.yml:ro']);
    const targets = [...readRepoFile('docker/prometheus.yml').matchAll(/targets: \["([\w-]+):(\d+)"\]/g)].map((m) => [m[1], m[2]]);
    expect(targets.map(([name]) => name)).toEqual(['router', 'users', 'gyms']);
    for (const [name, port] of targets) expect(serviceEnv(services[name!])['METRICS_PORT'], name).toBe(port);
    // Tracing is off unless the operator names an endpoint (e.g. http://jaeger:4318).
    expect(serviceEnv(services.router)['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('');
  });

  it('runs a pinned Mailpit that the users service sends its mail to, unless .env names a mail server', async () => {
    const { services } = await compose();
    expect(services.mailpit.image).toMatch(/^axllent\/mailpit:v\d+\.\d+\.\d+$/);
    expect(services.mailpit).toMatchObject({ read_only: true, tmpfs: ['/tmp'], cap_drop: ['ALL'] });
    expect(serviceEnv(services.users)['SMTP_URL']).toBe('smtp://mailpit:1025');
    const relay = await loadCompose({ ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()), SMTP_URL: 'smtps://u:p@smtp.example:465' });
    expect(serviceEnv(relay.services.users)['SMTP_URL']).toBe('smtps://u:p@smtp.example:465');
  });

  it('takes every secret from the env file, none written in the compose file', () => {
    const raw = readRepoFile('docker-compose.yml');
    for (const name of ['POSTGRES_PASSWORD', 'USERS_DB_PASSWORD', 'GYMS_DB_PASSWORD', 'JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY']) {
      expect(raw, name).toMatch(new RegExp(`\\$\\{${name}:\\?`));
    }
    expect(raw).not.toMatch(/BEGIN (PUBLIC|PRIVATE) KEY/);
  });

  it('runs the services hardened like the Kubernetes pods (read-only, no capabilities)', async () => {
    const { services } = await compose();
    for (const name of ['users', 'gyms', 'router', 'users-migrate', 'gyms-migrate']) {
      expect(services[name], name).toMatchObject({ read_only: true, tmpfs: ['/tmp'], cap_drop: ['ALL'] });
    }
  });
});
