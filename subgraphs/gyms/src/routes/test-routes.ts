import { createLogger, type DatabaseHandle, executeRows, openDatabase, type Viewer } from '@clmb/common';
import { migrationsFolder } from '@clmb/drizzle';
import { type Builders, builders, countingRequestStatements, createTestDatabase, type Gql, type SentStatement } from '@clmb/testkit';
import type { SQL } from 'drizzle-orm';
import { createContext } from '../context';
import { schema } from '../db';
import { createApolloServer } from '../server';
import { createUsersClient } from '../users-client/users-client';

/**
 * The gyms schema in-process over a test database the test also reaches (to move a vote or a
 * plan back in time, as only the clock could). A "token" names the viewer: `admin`, `climber`, or
 * `climber-<n>` for the n-th of many climbers (n up to 999999).
 */
export interface RoutesInProcess {
  gql: Gql;
  build: Builders;
  db: DatabaseHandle<typeof schema>['db'];
  /** The rows of a raw query (PGlite answers `{ rows }`, postgres.js the rows themselves). */
  rows<T>(query: SQL): Promise<T[]>;
  /** Every SQL statement since the last `resetStatements()`, as the service would send it. */
  statements: string[];
  /** The same with their parameters, and with what runs beside any request: to run one again under EXPLAIN. */
  sent: SentStatement[];
  resetStatements(): void;
  stop(): Promise<void>;
}

const ADMIN: Viewer = { id: '00000000-0000-4000-8000-000000000003', role: 'ADMIN' };

export function viewerOf(token: string | undefined): Viewer | null {
  if (!token) return null;
  if (token === 'admin') return ADMIN;
  if (token === 'climber') return { id: '00000000-0000-4000-8000-000000000001', role: 'CLIMBER' };
  const n = /^climber-(\d{1,6})$/.exec(token)?.[1];
  if (n) return { id: `00000000-0000-4000-8001-${n.padStart(12, '0')}`, role: 'CLIMBER' };
  throw new Error(`no test viewer for the token ${token}`);
}

export async function startRoutesInProcess(label: string): Promise<RoutesInProcess> {
  const testDatabase = await createTestDatabase(label);
  const statements: string[] = [];
  const sent: SentStatement[] = [];
  const counted = countingRequestStatements((sql) => statements.push(sql));
  const database = await openDatabase({
    url: testDatabase.env['DATABASE_URL'],
    dataDir: testDatabase.env['PGLITE_DIR'],
    service: 'gyms',
    schema,
    migrationsFolder: migrationsFolder('gyms'),
    onQuery: (query, params) => {
      counted(query);
      sent.push({ query, params });
    },
  });
  await database.migrate();
  const logger = createLogger('gyms', 'silent');
  const server = createApolloServer('test', logger);
  // Strip plans and tags ask nothing of the users service: one that is never there.
  const usersFor = () => createUsersClient('http://127.0.0.1:9/graphql', logger);
  const gql: Gql = async (query, variables, token) => {
    const contextValue = createContext({ db: database.db, logger, usersFor }, viewerOf(token));
    const { body } = await server.executeOperation({ query, ...(variables && { variables }) }, { contextValue });
    if (body.kind !== 'single') throw new Error('expected a single result');
    // As a client reads it: Dates become strings, as over HTTP.
    return { status: 200, ...JSON.parse(JSON.stringify(body.singleResult)) } as Awaited<ReturnType<Gql>>;
  };
  return {
    gql,
    build: builders(gql),
    db: database.db,
    rows: <T>(query: SQL) => executeRows<T>(database.db, query),
    statements,
    sent,
    resetStatements: () => {
      statements.length = 0;
      sent.length = 0;
    },
    stop: async () => {
      await server.stop();
      await database.close();
      await testDatabase.drop();
    },
  };
}
