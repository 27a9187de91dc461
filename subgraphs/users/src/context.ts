import { type EventPublisher, type Logger, requestIdOf, type RevocationCache, type VerifyAuthorization, type Viewer } from '@clmb/common';
import type { VerifyGoogleIdToken } from './accounts/auth/google';
import type { LoginThrottle } from './accounts/auth/login-throttle';
import { deviceIdOf, type SignAccessToken } from './accounts/auth/tokens';
import { clientAddress } from './accounts/client-address';
import type { UsersDb } from './db';
import type { GradeSystemCache } from './gyms-client/grade-system-cache';
import { type GymsClient, type RoutePlanLoader, routePlanLoader } from './gyms-client/gyms-client';
import type { SendMail } from './accounts/mail/mailer';
import { createLoaders, type Loaders } from './loaders';

/** What accounts keep for the life of the process, built by startAccountServices (accounts/services.ts). */
export interface AccountServices {
  /** Only this service signs access tokens; every subgraph verifies them. */
  signAccessToken: SignAccessToken;
  /** Brute-force limits on log-in and sign-up. */
  loginThrottle: LoginThrottle;
  /** Mails in the background (SMTP, or the outbox directory without SMTP_URL). */
  sendMail: SendMail;
  /** Where mailed links point: the app, which calls verifyEmail or resetPassword with the token. */
  appUrl: string;
  /** Null when Google sign-in is not configured. */
  verifyGoogleIdToken: VerifyGoogleIdToken | null;
  accessTokenTtlSeconds: number;
  /** Idle lifetime of a refresh token; a login (device) ends `refreshFamilyLifetimeDays` after it began whatever happens. */
  refreshTokenTtlDays: number;
  refreshFamilyLifetimeDays: number;
  /** How long after a refresh the same token may be presented again (a client's race) and get the same successor. */
  refreshGraceSeconds: number;
  refreshSuccessor: (presented: string) => { token: string; hash: string };
  /** This process's memory of recent token revocations, which its own verifier consults. */
  revocations: RevocationCache;
  /** Deletes what logins leave (expired refresh tokens, devices and mailed tokens, old revocations); called after writes that add them, it decides itself how often to run. */
  pruneLogins: () => Promise<void>;
}

/** Long-lived dependencies, built once by the service (service.ts). */
export interface Services extends AccountServices {
  db: UsersDb;
  logger: Logger;
  /** The gyms subgraph, for checks made on behalf of the client request `requestId` (or of none). */
  gymsFor: (requestId?: string) => GymsClient;
  /** The gyms service's grade systems, refreshed at most once a minute: stats convert grades without asking gyms. */
  gradeSystems: GradeSystemCache;
  /** Where writes announce what changed, after they commit (subscriptions; @clmb/common's events.ts). */
  events: EventPublisher;
  /** Deletes old notifications and those past a recipient's newest 1,000; called after writing to `recipientIds`, it decides itself how often to run. */
  pruneNotifications: (recipientIds: readonly string[]) => Promise<void>;
}

export interface Context extends Services {
  viewer: Viewer | null;
  gyms: GymsClient;
  /** The routes' strip times (projects' status and expiry), from gyms, batched per request. */
  routePlans: RoutePlanLoader;
  /**
   * Users who proved who they are in this request (signUp, logIn, ...): their AuthPayload's `user`
   * reads as themselves, without changing the viewer of the rest of the operation.
   */
  authenticated: WeakSet<object>;
  loaders: Loaders;
  /** Who to count brute-force limits against: the client's address, as the router saw it. */
  clientAddress: string;
  /** The client's User-Agent, for the label of a new device. */
  userAgent: string | undefined;
  /** The login (device) the access token belongs to; null without one. */
  deviceId: string | null;
}

/** A request's context: new loaders, so nothing cached outlives the request. */
export const createContext = (
  services: Services,
  viewer: Viewer | null,
  address: string,
  client: Partial<Pick<Context, 'userAgent' | 'deviceId'>> & { requestId?: string | undefined } = {},
): Context => {
  const gyms = services.gymsFor(client.requestId);
  return {
    ...services,
    viewer,
    gyms,
    routePlans: routePlanLoader(gyms),
    authenticated: new WeakSet(),
    loaders: createLoaders(services.db, viewer),
    clientAddress: address,
    userAgent: client.userAgent,
    deviceId: client.deviceId ?? null,
  };
};

type Request = Parameters<typeof clientAddress>[0] & { headers: { authorization?: string | undefined; 'user-agent'?: string | undefined } };

/**
 * Builds each request's context. A missing Authorization header is an anonymous viewer; a bad or
 * expired token rejects the request with UNAUTHENTICATED rather than silently dropping to anonymous.
 */
export function createContextFactory(services: Services, verify: VerifyAuthorization) {
  return async ({ req }: { req: Request }): Promise<Context> => {
    const viewer = await verify(req.headers.authorization);
    const deviceId = viewer ? deviceIdOf(req.headers.authorization) : null;
    return createContext(services, viewer, clientAddress(req), { userAgent: req.headers['user-agent'], deviceId, requestId: requestIdOf(req) });
  };
}
