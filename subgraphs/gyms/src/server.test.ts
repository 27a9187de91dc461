import { createLogger } from '@clmb/common';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { createContext } from './context';
import type { GymsDb } from './db';
import { createApolloServer } from './server';
import { createUsersClient } from './users-client/users-client';

// These operations are decided before any SQL: a database that fails on first use proves it.
const noDatabase = new Proxy({}, {
  get: () => {
    throw new Error('no database in unit tests');
  },
}) as GymsDb;

const config = loadConfig({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----', LOG_LEVEL: 'silent' });
const logger = createLogger('gyms', 'silent');
// No setters are written here: a users service that is never there.
const noUsers = () => createUsersClient('http://127.0.0.1:9/graphql', logger);
const server = createApolloServer(config.env, logger);
// No users service: these operations never ask it.
const users = createUsersClient(() => undefined, logger);

async function run(query: string, viewer: Parameters<typeof createContext>[1] = null) {
  const response = await server.executeOperation({ query }, { contextValue: createContext({ db: noDatabase, logger, usersFor: noUsers }, viewer) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe('gyms subgraph schema', () => {
  it('advertises both keys of Gym to the router', async () => {
    const result = await run(`{ _service { sdl } }`);
    const sdl = (result.data as { _service: { sdl: string } })._service.sdl;
    expect(sdl).toMatch(/type Gym\s+@key\(fields: "id"\)\s+@key\(fields: "slug"\)/);
    expect(sdl).toMatch(/type Route\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Wall\s+@key\(fields: "id"\)/);
  });

  it('answers malformed references with null, without a query', async () => {
    const result = await run(`{ _entities(representations: [
      { __typename: "Gym", id: "1" }, { __typename: "Route", id: "x" },
      { __typename: "Grade", id: null }, { __typename: "GradeSystem", id: "" }, { __typename: "Wall", id: "cave" }
    ]) { __typename } }`);
    expect(result).toEqual({ data: { _entities: [null, null, null, null, null] } });
  });

  it("checks the token before anything else, and the input before the gym's staff", async () => {
    const mutation = `mutation { archiveGym(input: { id: "nope" }) { id } }`;
    expect((await run(mutation)).errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    const climber = { id: '00000000-0000-4000-8000-000000000001', role: 'CLIMBER' as const };
    // Which gym's staff decides is in the input: a bad id is answered before any staff lookup.
    expect((await run(mutation, climber)).errors?.map((e) => e.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.id', issues: [{ field: 'input.id', message: 'must be a UUID' }] },
    ]);
  });

  it('masks unexpected failures as INTERNAL_SERVER_ERROR', async () => {
    const result = await run(`{ gradeSystems { id } }`);
    expect(result.errors).toEqual([
      { message: 'Internal server error.', path: ['gradeSystems'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });
});
