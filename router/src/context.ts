import { type HttpContextArgument, type Role, requestIdOf, type VerifyAuthorization } from '@clmb/common';

export interface RouterContext {
  /** The client's Authorization header, already verified here; subgraphs verify it again. */
  authorization?: string;
  /** The verified token's subject: whose rate-limit bucket the request takes from (else the address's). */
  viewerId?: string;
  /** The verified token's role: the scopes and policies the access directives are checked against (access/). */
  viewerRole?: Role;
  /** The verified token's `staff` claim: on some gym's staff when it was signed (the `staff` policy). */
  viewerStaff?: boolean;
  /**
   * The client's address as the router saw it: the socket's, or with TRUST_PROXY the one the
   * trusted proxies reported. Subgraphs get it as `x-forwarded-for` (the users service's log-in
   * throttle counts by it).
   */
  clientAddress?: string;
  /** The client's User-Agent, forwarded so the users service can label the device a log-in starts. */
  userAgent?: string;
  /** This request's id (see createHttpApp), forwarded so subgraph logs carry it too. */
  requestId?: string;
  /** A graphql-ws subscribe message's document, checked through the pipeline and never run (subscriptions/gate.ts). */
  subscribing?: true;
  /** A subscription's selection run for one event (subscriptions/live-stream.ts): not charged to the rate limit, the subscribe was. */
  liveEvent?: true;
  /** Set for a public cacheable query (with a token or without): the cache generation its response is read and kept under. */
  cacheGeneration?: string;
  /** With `cacheGeneration`: the newest change the router knew of when the query began (cache/tags.ts). */
  cacheStamp?: number;
  /** With `cacheGeneration`: the tags of what the answer holds, gathered from the gyms answers and entity entries; unset when one came without. */
  cacheTags?: Set<string>;
}

/**
 * Rejects a bad token at the edge with a clean 401 UNAUTHENTICATED before any subgraph is called;
 * the subgraphs still verify every token they get (they trust no caller).
 */
export const createContextFactory =
  (verify: VerifyAuthorization) =>
  async ({ req }: HttpContextArgument): Promise<RouterContext> => {
    const authorization = req.headers.authorization;
    const viewer = await verify(authorization);
    const requestId = requestIdOf(req);
    const userAgent = req.headers['user-agent'];
    return {
      ...(authorization && { authorization }),
      ...(viewer && { viewerId: viewer.id, viewerRole: viewer.role, ...(viewer.staff && { viewerStaff: true }) }),
      ...(req.ip && { clientAddress: normalizeAddress(req.ip) }),
      ...(userAgent && { userAgent }),
      ...(requestId && { requestId }),
    };
  };

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is 127.0.0.1: one client, one spelling. */
export const normalizeAddress = (ip: string): string => (ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);
