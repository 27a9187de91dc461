import { randomBytes } from 'node:crypto';
import { freePort, generateSigningKeys, type Process, repoRoot, run, startProcess, waitForReady } from '@clmb/testkit';
import { type MailCatcher, startMailCatcher } from '@clmb/users/test-mail';
import postgres from 'postgres';
import { expect } from 'vitest';

type Name = 'users' | 'gyms' | 'router';
type Subgraph = Exclude<Name, 'router'>;

/**
 * The three services exactly as their images run them: built bundles, NODE_ENV=production, a real
 * Postgres provisioned by the compose init script (one role and database per service), the
 * migrations as a separate step. Made before `start`, so `stop` cleans up even after a failed start.
 */
export function productionStack(serverUrl: string) {
  const server = new URL(serverUrl);
  const prefix = `clmb_e2e_${randomBytes(3).toString('hex')}_`;
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  const passwords = { users: randomBytes(12).toString('hex'), gyms: randomBytes(12).toString('hex') };
  const databaseUrl = (service: Subgraph) => {
    const url = new URL(server);
    url.username = `${prefix}${service}`;
    url.password = passwords[service];
    url.pathname = `/${prefix}${service}`;
    return url.toString();
  };
  const ports: Record<Name, number> = { users: 0, gyms: 0, router: 0 };
  const processes: Partial<Record<Name, Process>> = {};
  let keys: { JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string };
  // Production mails over SMTP (no outbox): a real SMTP server on loopback receives it.
  let mail: MailCatcher | undefined;
  const graphqlUrl = (name: Name) => `http://127.0.0.1:${ports[name]}/graphql`;
  const production = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    // The most verbose level: a test greps the whole run's logs for secrets.
    LOG_LEVEL: 'debug',
    APOLLO_TELEMETRY_DISABLED: '1',
    SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
  };
  const env: Record<Name, () => Record<string, string>> = {
    gyms: () => ({ ...production, PORT: String(ports.gyms), DATABASE_URL: databaseUrl('gyms'), JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, USERS_URL: graphqlUrl('users') }),
    users: () => ({
      ...production,
      ...keys,
      PORT: String(ports.users),
      DATABASE_URL: databaseUrl('users'),
      GYMS_URL: graphqlUrl('gyms'),
      SMTP_URL: mail?.smtpUrl ?? '',
      APP_URL: 'https://app.example',
    }),
    router: () => ({ ...production, PORT: String(ports.router), JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, USERS_URL: graphqlUrl('users'), GYMS_URL: graphqlUrl('gyms') }),
  };
  const entry: Record<Name, string> = { users: 'subgraphs/users/dist/index.js', gyms: 'subgraphs/gyms/dist/index.js', router: 'router/dist/index.js' };

  const start = async () => {
    keys = await generateSigningKeys();
    mail = await startMailCatcher();
    for (const service of ['users', 'gyms', 'router']) {
      await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', service], { cwd: repoRoot });
    }
    await run('bash', ['docker/postgres-init/10-service-databases.sh'], {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        PGHOST: server.hostname,
        PGPORT: server.port || '5432',
        PGPASSWORD: decodeURIComponent(server.password),
        POSTGRES_USER: decodeURIComponent(server.username) || 'postgres',
        POSTGRES_DB: server.pathname.slice(1) || 'postgres',
        CLMB_DB_PREFIX: prefix,
        USERS_DB_PASSWORD: passwords.users,
        GYMS_DB_PASSWORD: passwords.gyms,
      },
    });
    for (const service of ['users', 'gyms'] as const) {
      const migrate = startProcess(`subgraphs/${service}/dist/migrate.js`, env[service]());
      expect(await migrate.exited, migrate.output.join('')).toBe(0);
    }
    // Every port first: each service is told where the others listen.
    for (const service of ['gyms', 'users', 'router'] as const) ports[service] = await freePort();
    for (const service of ['gyms', 'users', 'router'] as const) processes[service] = startProcess(entry[service], env[service]());
    await waitForReady(`http://127.0.0.1:${ports.router}/ready`, processes.router!);
  };

  const stop = async () => {
    for (const p of Object.values(processes)) p?.child.kill('SIGKILL');
    for (const service of ['users', 'gyms']) {
      await admin.unsafe(`drop database if exists "${prefix}${service}" with (force)`);
      await admin.unsafe(`drop role if exists "${prefix}${service}"`);
    }
    await admin.end();
    await mail?.stop();
  };

  return {
    prefix,
    databaseUrl,
    ports,
    processes,
    graphqlUrl,
    secret: production.SUBGRAPH_SECRET,
    env,
    entry,
    /** The mail the users service sent (started by `start`). */
    mail: () => mail!,
    start,
    stop,
  };
}
