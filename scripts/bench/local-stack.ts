/**
 * The stacks `npm run bench:tracing` and `npm run bench:fairness` run: gyms, users and routers from
 * source, as `npm start` runs them, each pair of subgraphs on its own test databases, all on
 * loopback. Stopping them drops the databases.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS } from '@clmb/common';
import { builders, createTestDatabase, freePort, generateSigningKeys, gqlAt, type Process, startProcess, waitForReady } from '@clmb/testkit';

/** The app's logbook: 20 sessions with their gym and climbs, each climb's route and grade. */
export const LOGBOOK = /* GraphQL */ `query Logbook { me { sessions(first: 20) { edges { node {
  name duration gym { name city } climbs { attempts sent route { colour grade { value } } } } } } } }`;

export interface Subgraphs {
  /** Starts a router over these subgraphs with `env` added to theirs; returns its GraphQL URL once it is ready. */
  startRouter(env?: Record<string, string>): Promise<string>;
}

export class LocalStacks {
  private readonly processes: Process[] = [];
  private readonly drops: (() => Promise<void>)[] = [];

  private constructor(private readonly keys: Awaited<ReturnType<typeof generateSigningKeys>>) {}

  static async create(): Promise<LocalStacks> {
    return new LocalStacks(await generateSigningKeys());
  }

  /** Gyms and users seeded with the demo data, `env` in their environment (and their routers'). */
  async subgraphs(label: string, env: Record<string, string> = {}): Promise<Subgraphs> {
    const databases = { users: await createTestDatabase(`${label}_users`), gyms: await createTestDatabase(`${label}_gyms`) };
    this.drops.push(databases.users.drop, databases.gyms.drop);
    const ports = { users: await freePort(), gyms: await freePort() };
    const base = { NODE_OPTIONS: '--import tsx', HOST: '127.0.0.1', LOG_LEVEL: 'warn', APOLLO_TELEMETRY_DISABLED: '1', SUBGRAPH_SECRET: randomBytes(32).toString('hex'), SEED_DEMO_DATA: 'true', ...env };
    const urls = { users: `http://127.0.0.1:${ports.users}/graphql`, gyms: `http://127.0.0.1:${ports.gyms}/graphql` };
    const { JWT_PUBLIC_KEY } = this.keys;
    const gyms = this.start('subgraphs/gyms/src/index.ts', { ...base, ...databases.gyms.env, PORT: String(ports.gyms), JWT_PUBLIC_KEY, USERS_URL: urls.users });
    const users = this.start('subgraphs/users/src/index.ts', { ...base, ...databases.users.env, ...this.keys, PORT: String(ports.users), GYMS_URL: urls.gyms });
    // From source on a busy machine, PGlite's start and migrations take a while.
    await waitForReady(`http://127.0.0.1:${ports.gyms}/ready`, gyms, 600);
    await waitForReady(`http://127.0.0.1:${ports.users}/ready`, users, 600);
    return {
      startRouter: async (routerEnv = {}) => {
        const port = await freePort();
        const router = this.start('router/src/index.ts', { ...base, PORT: String(port), JWT_PUBLIC_KEY, USERS_URL: urls.users, GYMS_URL: urls.gyms, ...routerEnv });
        await waitForReady(`http://127.0.0.1:${port}/ready`, router, 600);
        return `http://127.0.0.1:${port}/graphql`;
      },
    };
  }

  async stop(): Promise<void> {
    for (const p of this.processes) p.child.kill('SIGTERM');
    await Promise.all(this.processes.map((p) => p.exited));
    await Promise.all(this.drops.map((drop) => drop()));
  }

  private start(file: string, env: Record<string, string>): Process {
    const process = startProcess(file, env);
    this.processes.push(process);
    return process;
  }
}

/** The demo climber's access token. */
export const logInDemoClimber = async (url: string): Promise<string> => (await builders(gqlAt(url)).logIn(DEMO_ACCOUNTS.climber.email)).accessToken;
