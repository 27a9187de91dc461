import type { HttpAppOptions, VerifyAuthorization, Viewer } from '@clmb/common';
import { GraphQLError } from 'graphql';
import type { GymsDb } from './database';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver gets: who asks, the database for writes, and this request's loaders. */
export interface Context {
  viewer: Viewer | null;
  db: GymsDb;
  loaders: Loaders;
}

export const createContext = (db: GymsDb, viewer: Viewer | null): Context => ({
  viewer,
  db,
  loaders: createLoaders(db),
});

/**
 * No Authorization header is an anonymous request; a bad one throws UNAUTHENTICATED here, before
 * any resolver runs, rather than quietly treating the caller as anonymous. Apollo answers errors
 * from the context function with HTTP 500 unless told otherwise: this one is the caller's, a 401.
 */
export const contextFactory =
  (db: GymsDb, verify: VerifyAuthorization): HttpAppOptions<Context>['context'] =>
  async ({ req }) => {
    try {
      return createContext(db, await verify(req.headers.authorization));
    } catch (error) {
      if (error instanceof GraphQLError) error.extensions['http'] = { status: 401 };
      throw error;
    }
  };
