/**
 * The three services as `npm start` and `npm run dev` run them: ports, a development signing key
 * kept with the embedded data, a fresh subgraph secret per run, and each service's environment.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { productionNodeOptions } from './node-options';
import type { ServiceSpec } from './supervisor';

export const root = new URL('..', import.meta.url);

const env = process.env;
export const ports = { router: env['PORT'] ?? '4000', users: env['USERS_PORT'] ?? '4001', gyms: env['GYMS_PORT'] ?? '4002' };

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
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(privateFile, privateKey, { mode: 0o600 });
    await writeFile(publicFile, publicKey);
  }
  return { JWT_PRIVATE_KEY: await readFile(privateFile, 'utf8'), JWT_PUBLIC_KEY: await readFile(publicFile, 'utf8') };
}

/** `extra` adds to a service's environment, e.g. the router's SUPERGRAPH_WATCH in development. */
export async function serviceSpecs(extra: Record<string, Record<string, string>> = {}): Promise<ServiceSpec[]> {
  const given = { JWT_PRIVATE_KEY: env['JWT_PRIVATE_KEY'], JWT_PUBLIC_KEY: env['JWT_PUBLIC_KEY'] };
  const signing = given.JWT_PRIVATE_KEY && given.JWT_PUBLIC_KEY ? given : await devKeys();
  // Subgraphs answer only the router (and each other): a fresh shared secret for this run.
  const common = {
    // As in production (the Dockerfile's), unless the caller sets its own.
    NODE_OPTIONS: env['NODE_OPTIONS'] ?? productionNodeOptions(),
    APOLLO_TELEMETRY_DISABLED: '1',
    JWT_PUBLIC_KEY: signing.JWT_PUBLIC_KEY,
    SUBGRAPH_SECRET: env['SUBGRAPH_SECRET'] ?? randomBytes(32).toString('hex'),
  };
  const gymsUrl = `http://127.0.0.1:${ports.gyms}/graphql`;
  const usersUrl = `http://127.0.0.1:${ports.users}/graphql`;
  const services: [string, string, Record<string, string | undefined>][] = [
    ['gyms', 'subgraphs/gyms/src/index.ts', { PORT: ports.gyms, DATABASE_URL: env['GYMS_DATABASE_URL'], USERS_URL: usersUrl }],
    [
      'users',
      'subgraphs/users/src/index.ts',
      { PORT: ports.users, DATABASE_URL: env['USERS_DATABASE_URL'], JWT_PRIVATE_KEY: signing.JWT_PRIVATE_KEY, GYMS_URL: gymsUrl },
    ],
    ['router', 'router/src/index.ts', { PORT: ports.router, USERS_URL: usersUrl, GYMS_URL: gymsUrl }],
  ];
  return services.map(([name, entry, own]) => ({
    name,
    args: ['--import', 'tsx', entry],
    env: { ...common, ...own, ...extra[name] },
  }));
}
