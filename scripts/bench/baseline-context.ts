/**
 * What every operation of the hand-written baseline (baseline.ts) works with: the two databases,
 * the viewer of the request's token, and refusals that answer as GraphQL errors with a code.
 */
import { errors as joseErrors, importSPKI, jwtVerify } from 'jose';
import type { Database } from './baseline-sql';

/** A request the baseline refuses, answered as a GraphQL error with `code`, as the API would. */
export class Refused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Viewer {
  id: string;
  role: string;
}

export interface BaselineContext {
  users: Database;
  gyms: Database;
  /** Verifies the request's bearer token as the services do (EdDSA, issuer, audience); none is UNAUTHENTICATED. */
  viewer(authorization: string | undefined): Promise<Viewer>;
}

/** One of the bench's operations, answered by hand: its `data`. */
export type Operation = (ctx: BaselineContext, authorization: string | undefined, variables: any) => Promise<object>;

export async function tokenVerifier(publicKeyPem: string): Promise<BaselineContext['viewer']> {
  const publicKey = await importSPKI(publicKeyPem, 'EdDSA');
  return async (authorization) => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    if (!token) throw new Refused('UNAUTHENTICATED', 'You must be logged in.');
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['EdDSA'], issuer: 'clmb', audience: 'clmb-api' });
    return { id: payload.sub!, role: payload['role'] as string };
  };
}

/** The code a failed operation answers with. */
export const codeOf = (error: unknown): string =>
  error instanceof Refused ? error.code : error instanceof joseErrors.JOSEError ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR';
