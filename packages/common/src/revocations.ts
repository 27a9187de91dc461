import { causeOf } from './errors';
import type { Logger } from './logger';
import { createSubgraphClient } from './subgraph-client';

// Token revocation. Each access token carries its user's token generation (`gen`) and its device
// (`sid`, the login it was issued to). Logging out everywhere, a password change, a role change,
// disabling or deleting an account raise the generation in the users service: every token of the
// user issued before stops. Logging one device out (logOut, revokeDevice, a replayed refresh
// token) revokes that device: every token naming it stops, and no other. Every verifier keeps the
// recent revocations in memory, refreshed every few seconds from the users service, so a revoked
// token stops within seconds at the cost of two Map lookups per request.

/** What a verifier knows of an access token, for deciding whether it was revoked. */
export interface RevocableToken {
  userId: string;
  generation: number;
  /** The device (`sid`) the token was issued to; null for a token from before devices existed. */
  deviceId: string | null;
}

/** Whether a token's user or device was logged out after it was issued. */
export type IsRevoked = (token: RevocableToken) => boolean;

export interface TokenRevocation {
  userId: string;
  generation: number;
  revokedAt: Date;
}

/** A logged-out device: every access token naming it is revoked (device ids are never reused). */
export interface DeviceRevocation {
  deviceId: string;
  revokedAt: Date;
}

/** Revocations since `since` (all recent ones when null), and the time they are complete up to. */
export type RevocationSource = (since: Date | null) => Promise<{ revocations: TokenRevocation[]; devices: DeviceRevocation[]; asOf: Date }>;

export interface RevocationCacheOptions {
  source: RevocationSource;
  /** How often to ask; the delay before a revocation takes effect elsewhere. */
  intervalMs?: number;
  /** The access-token lifetime: an older revocation concerns only expired tokens and is forgotten. */
  maxTokenAgeMs: number;
  onError: (error: unknown) => void;
}

// A transaction that revoked before `asOf` may commit after it: each poll looks this far back again.
const OVERLAP_MS = 5_000;

/**
 * The verifier's memory of recent revocations. If the users service cannot be asked, it keeps
 * what it knew (a revoked token then lives at most until it expires) and reports the error.
 */
export function createRevocationCache(options: RevocationCacheOptions) {
  const users = new Map<string, TokenRevocation>();
  const devices = new Map<string, DeviceRevocation>();
  let since: Date | null = null;
  const note = (revocation: TokenRevocation) => {
    const known = users.get(revocation.userId);
    if (!known || known.generation < revocation.generation) users.set(revocation.userId, revocation);
  };
  const noteDevice = (revocation: DeviceRevocation) => {
    if (!devices.has(revocation.deviceId)) devices.set(revocation.deviceId, revocation);
  };
  async function refresh(): Promise<void> {
    const feed = await options.source(since);
    for (const revocation of feed.revocations) note(revocation);
    for (const revocation of feed.devices) noteDevice(revocation);
    since = new Date(feed.asOf.getTime() - OVERLAP_MS);
    const oldest = feed.asOf.getTime() - options.maxTokenAgeMs - OVERLAP_MS;
    for (const entries of [users, devices]) for (const [id, entry] of entries) if (entry.revokedAt.getTime() < oldest) entries.delete(id);
  }
  const timer = setInterval(() => refresh().catch(options.onError), options.intervalMs ?? 2_000);
  timer.unref();
  const isRevoked: IsRevoked = (token) =>
    token.generation < (users.get(token.userId)?.generation ?? 0) || (token.deviceId !== null && devices.has(token.deviceId));
  return {
    isRevoked,
    /** A revocation made in this process: effective at once, without waiting for the next poll. */
    note,
    /** A device logged out in this process: effective at once, without waiting for the next poll. */
    noteDevice,
    /** Loads what is known now; call once at start, so a new replica does not start blind. */
    refresh,
    stop: () => clearInterval(timer),
  };
}

export type RevocationCache = ReturnType<typeof createRevocationCache>;

const REVOCATIONS_QUERY = /* GraphQL */ `
  query TokenRevocations($since: DateTime) {
    _tokenRevocations(since: $since) { asOf revocations { userId generation revokedAt } devices { deviceId revokedAt } }
  }
`;

interface RevocationFeed {
  _tokenRevocations: {
    asOf: string;
    revocations: { userId: string; generation: number; revokedAt: string }[];
    devices: { deviceId: string; revokedAt: string }[];
  };
}

/** Asks the users subgraph (router and gyms): a field only callers holding the subgraph secret reach. */
export function usersRevocationSource(usersUrl: () => string | undefined, subgraphSecret: string | undefined): RevocationSource {
  const users = createSubgraphClient({ service: 'users', url: usersUrl, secret: subgraphSecret, timeoutMs: 2_000 });
  return async (since) => {
    const { _tokenRevocations: feed } = await users.query<RevocationFeed>(REVOCATIONS_QUERY, { since: since?.toISOString() ?? null });
    return {
      asOf: new Date(feed.asOf),
      revocations: feed.revocations.map((r) => ({ userId: r.userId, generation: r.generation, revokedAt: new Date(r.revokedAt) })),
      devices: feed.devices.map((d) => ({ deviceId: d.deviceId, revokedAt: new Date(d.revokedAt) })),
    };
  };
}

/**
 * The longest access-token lifetime the users service can be configured with (ACCESS_TOKEN_TTL_SECONDS
 * ≤ 1 day): a verifier that does not know the configured one forgets a revocation after this long.
 */
const MAX_ACCESS_TOKEN_AGE_MS = 86_400_000;

/** Services start together: until the users service first answers, this long passes without a warning. */
const START_GRACE_MS = 60_000;

/**
 * The router's and the gyms service's revocation cache, fed by the users service's feed every
 * `intervalMs`. Start-up does not wait for the users service: if it cannot be asked yet, the
 * first poll that succeeds fills the cache. An outage is logged when it starts and when it ends,
 * not every poll (and not in the first minute while the users service has never answered: the
 * services start together); meanwhile the cache keeps what it knew.
 */
export async function watchTokenRevocations(options: {
  /** The users subgraph's GraphQL URL (asked each time: the router learns it from the supergraph). */
  usersUrl: () => string | undefined;
  subgraphSecret: string | undefined;
  logger: Logger;
  intervalMs?: number;
}): Promise<RevocationCache> {
  const startedAt = Date.now();
  let answered = false;
  let warned = false;
  const ask = usersRevocationSource(options.usersUrl, options.subgraphSecret);
  const source: RevocationSource = async (since) => {
    const feed = await ask(since);
    if (warned) options.logger.info('token revocations: the users service answers again');
    answered = true;
    warned = false;
    return feed;
  };
  const onError = (error: unknown) => {
    if (warned || (!answered && Date.now() - startedAt < START_GRACE_MS)) return;
    options.logger.warn({ err: causeOf(error) }, 'token revocations: cannot ask the users service; keeping what is known');
    warned = true;
  };
  const cache = createRevocationCache({ source, maxTokenAgeMs: MAX_ACCESS_TOKEN_AGE_MS, onError, ...(options.intervalMs && { intervalMs: options.intervalMs }) });
  await cache.refresh().catch(onError);
  return cache;
}
