/**
 * `npm start`: the whole supergraph on one machine. Starts the gyms and users subgraphs and the
 * router as three processes (as in production), on embedded PGlite under .data/ unless
 * USERS_DATABASE_URL / GYMS_DATABASE_URL point at Postgres, waits until the router is ready,
 * prints the Sandbox URL, and stops all three on Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { seedDemoLogbook } from './demo-logbook';

const root = new URL('..', import.meta.url);
const ROUTER_PORT = process.env['PORT'] ?? '4000';
const started = performance.now();
// A users database made by this start gets a demo logbook (the services seed the rest).
const freshUsersDatabase = !process.env['USERS_DATABASE_URL'] && !existsSync(new URL('.data/users/', root));

/** A development signing key, made once and kept with the embedded data (never used in production). */
async function devKeys(): Promise<{ JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string }> {
  const dir = new URL('.data/keys/', root);
  const privateFile = new URL('jwt-private.pem', dir);
  const publicFile = new URL('jwt-public.pem', dir);
  if (!existsSync(privateFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await mkdir(dir, { recursive: true });
    await writeFile(privateFile, privateKey, { mode: 0o600 });
    await writeFile(publicFile, publicKey);
  }
  return { JWT_PRIVATE_KEY: await readFile(privateFile, 'utf8'), JWT_PUBLIC_KEY: await readFile(publicFile, 'utf8') };
}

const keys = {
  JWT_PRIVATE_KEY: process.env['JWT_PRIVATE_KEY'],
  JWT_PUBLIC_KEY: process.env['JWT_PUBLIC_KEY'],
};
const signing = keys.JWT_PRIVATE_KEY && keys.JWT_PUBLIC_KEY ? keys : await devKeys();
// Subgraphs answer only the router (and each other): a fresh shared secret for this run.
const common = {
  APOLLO_TELEMETRY_DISABLED: '1',
  JWT_PUBLIC_KEY: signing.JWT_PUBLIC_KEY,
  SUBGRAPH_SECRET: process.env['SUBGRAPH_SECRET'] ?? randomBytes(32).toString('hex'),
};
const services: { name: string; entry: string; env: Record<string, string | undefined> }[] = [
  { name: 'gyms', entry: 'subgraphs/gyms/src/index.ts', env: { PORT: '4002', DATABASE_URL: process.env['GYMS_DATABASE_URL'] } },
  {
    name: 'users',
    entry: 'subgraphs/users/src/index.ts',
    env: {
      PORT: '4001',
      DATABASE_URL: process.env['USERS_DATABASE_URL'],
      JWT_PRIVATE_KEY: signing.JWT_PRIVATE_KEY,
      GYMS_URL: 'http://127.0.0.1:4002/graphql',
    },
  },
  {
    name: 'router',
    entry: 'router/src/index.ts',
    env: { PORT: ROUTER_PORT, USERS_URL: 'http://127.0.0.1:4001/graphql', GYMS_URL: 'http://127.0.0.1:4002/graphql' },
  },
];

let stopping = false;
const children: ChildProcess[] = services.map(({ name, entry, env }) => {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...common, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${name.padEnd(6)} | ${line}`));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping the others.`);
    stop(1);
  });
  return child;
});

function stop(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  let left = running.length;
  if (left === 0) process.exit(exitCode);
  for (const child of running) {
    child.once('exit', () => --left === 0 && process.exit(exitCode));
    child.kill('SIGTERM');
  }
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

async function waitUntilReady(url: string): Promise<void> {
  while (!stopping) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

await waitUntilReady(`http://127.0.0.1:${ROUTER_PORT}/ready`);
if (!stopping && freshUsersDatabase) {
  await seedDemoLogbook(`http://127.0.0.1:${ROUTER_PORT}/graphql`).then(
    (sessions) => console.log(`demo   | logged ${sessions} sessions for climber@clmb.dev`),
    (error: unknown) => console.warn(`demo   | no demo logbook: ${error instanceof Error ? error.message : error}`),
  );
}
if (!stopping) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
  clmb is up in ${seconds} s
  Sandbox:   http://localhost:${ROUTER_PORT}/graphql
  Demo logins (password clmb-demo): climber@clmb.dev, admin@clmb.dev
  Ctrl-C stops everything.
`);
}
