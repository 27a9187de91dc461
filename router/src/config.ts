import { fileURLToPath } from 'node:url';
import { byteSize, envFields, parseEnv, requireInProduction, strongSubgraphSecretInProduction, subgraphSecretField } from '@clmb/common';
import express from 'express';
import { z } from 'zod';

/** `10mb` as bytes, in the units express reads BODY_LIMIT in (1 kb = 1024 b). */
const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * Express `trust proxy`: `false` (the default: the socket's address is the client), `true`, a hop
 * count, or a comma-separated list of proxy addresses/subnets such as `loopback, 10.0.0.0/8`.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((v) => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v))
  .refine((v) => {
    try {
      // Express compiles the setting on the spot, so a bad address list fails here, named.
      express().set('trust proxy', v);
      return true;
    } catch {
      return false;
    }
  }, 'must be true, false, a hop count or a list of proxy addresses/subnets');

/**
 * CORS_ORIGINS: `*` (any origin, development only) or a comma-separated list of origins such as
 * `https://app.clmb.dev, http://localhost:5173`. Unset: `*` in development and tests; in
 * production no browser origin at all (native apps need no CORS) until the list names one.
 */
const corsOrigins = z
  .string()
  .optional()
  .transform((v) => (v?.trim() === '*' ? ('*' as const) : v?.split(',').map((o) => o.trim()).filter(Boolean)))
  .refine(
    (v) => v === undefined || v === '*' || v.every((o) => URL.canParse(o) && new URL(o).origin === o),
    'must be * or a comma-separated list of origins like https://app.example.com (scheme, host, port; no path)',
  );

const schema = z
  .object({
    NODE_ENV: envFields.nodeEnv,
    PORT: envFields.port(4000),
    HOST: envFields.host,
    LOG_LEVEL: envFields.logLevel,
    SUPERGRAPH_PATH: z.string().min(1).default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    // `npm run dev`: swap to a recomposed supergraph without a restart.
    SUPERGRAPH_WATCH: z.stringbool().default(false),
    USERS_URL: envFields.optionalUrl,
    GYMS_URL: envFields.optionalUrl,
    JWT_PUBLIC_KEY: envFields.pem('PUBLIC'),
    JWT_ISSUER: z.string().min(1).default('clmb'),
    JWT_AUDIENCE: z.string().min(1).default('clmb-api'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    SUBGRAPH_SECRET: subgraphSecretField,
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'must look like 100kb').default('100kb'),
    // The most of one subgraph answer the router reads: a 10,000-climb export part (JSON) is
    // about 1.6 MB, fifteen of them in one operation about 24 MB.
    SUBGRAPH_RESPONSE_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'must look like 10mb').default('10mb').transform(byteSize),
    // Operation limits: shape (GraphQL Armor) and cost (demand-control/, docs/api.md "What an
    // operation costs"). The defaults pass a logbook page of 100 sessions with their climbs (depth 8,
    // cost ≈ 80,000) and stop queries that fan out through the graph's cycles.
    MAX_QUERY_DEPTH: limit(10, 100),
    MAX_QUERY_ALIASES: limit(15, 1_000),
    MAX_QUERY_DIRECTIVES: limit(20, 1_000),
    MAX_QUERY_TOKENS: limit(1_000, 100_000),
    MAX_QUERY_COST: limit(100_000, 10_000_000),
    TRUST_PROXY: trustProxy,
    // Caching at the router (docs/caching.md): on by default, in-process unless REDIS_URL is set.
    CACHE_ENABLED: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
    CACHE_MAX_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    CACHE_MEMORY_MB: z.coerce.number().int().min(1).max(4_096).default(64),
    CACHE_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, 'must be up to 64 letters, digits or : . _ -').default('clmb:router:'),
    // Per-client request rate limit (docs/operations.md): a token bucket of estimated cost points.
    // One client may spend a burst of four of the costliest allowed queries (or six app logbook
    // pages of 100 sessions) at once, then 10,000 points a second (the app's logbook page of 20
    // sessions, cost 12,087, every 1.2 s without end; the costliest query every 10 s, as before the
    // estimate was rescaled): far above what a person using an app spends, and little enough that
    // ten connections sending the costliest query do not slow the others (docs/benchmarks.md,
    // fairness).
    RATE_LIMIT_ENABLED: z.stringbool().default(true),
    RATE_LIMIT_POINTS_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000_000).default(10_000),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000_000).default(400_000),
    REDIS_URL: envFields.redisUrl,
    // Subscriptions (docs/api.md "Subscriptions"): the events' Redis channel prefix (the services'
    // EVENTS_PREFIX), and the caps on what one client holds open.
    EVENTS_PREFIX: envFields.eventsPrefix,
    SUBSCRIPTIONS_PER_CONNECTION: limit(20, 1_000),
    SUBSCRIPTION_CONNECTIONS_PER_USER: limit(10, 1_000),
    SUBSCRIPTION_SLOW_CONSUMER_SECONDS: limit(10, 600),
    CORS_ORIGINS: corsOrigins,
    // Chromium caps a preflight's cache at 2 hours; 10 minutes lets an origin list change spread soon.
    CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
    // Trusted documents (docs/api.md#trusted-documents): `require` answers only the manifest's
    // operations, sent by id; `allow` (the default: the app kit's ids and Sandbox's free-form
    // queries both work) resolves the ids and takes any document as before; `off` knows no manifest.
    TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).default('allow'),
    TRUSTED_DOCUMENTS_PATH: z.string().min(1).default(fileURLToPath(new URL('../../schema/persisted-query-manifest.json', import.meta.url))),
  })
  .refine((e) => !(e.NODE_ENV === 'production' && e.CORS_ORIGINS === '*'), {
    path: ['CORS_ORIGINS'],
    message: '* is for development: in production list the origins of the app (or leave it unset for none)',
  })
  .refine((e) => !e.RATE_LIMIT_ENABLED || e.RATE_LIMIT_BURST >= e.MAX_QUERY_COST, {
    path: ['RATE_LIMIT_BURST'],
    message: 'must be at least MAX_QUERY_COST, or the costliest allowed query could never run',
  })
  // The supergraph's routing URLs point at localhost: a deployment names the real ones.
  .superRefine(requireInProduction('USERS_URL', 'GYMS_URL', 'SUBGRAPH_SECRET'))
  .superRefine(strongSubgraphSecretInProduction)
  .superRefine((env, ctx) => {
    // `true` believes any client's X-Forwarded-For: a client would pick its own rate-limit address.
    if (env.NODE_ENV === 'production' && env.TRUST_PROXY === true) {
      ctx.addIssue({ code: 'custom', path: ['TRUST_PROXY'], message: 'true is refused in production: give a hop count or the proxies\' addresses/subnets' });
    }
  });

export function loadConfig(env: NodeJS.ProcessEnv) {
  const e = parseEnv(schema, env);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    supergraphPath: e.SUPERGRAPH_PATH,
    watchSupergraph: e.SUPERGRAPH_WATCH,
    // Routing URLs in the supergraph are for local development; a deployment points them elsewhere.
    subgraphUrls: { users: e.USERS_URL, gyms: e.GYMS_URL } as Record<string, string | undefined>,
    auth: { publicKey: e.JWT_PUBLIC_KEY, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    subgraphSecret: e.SUBGRAPH_SECRET,
    bodyLimit: e.BODY_LIMIT,
    bodyLimitBytes: byteSize(e.BODY_LIMIT),
    subgraphResponseLimitBytes: e.SUBGRAPH_RESPONSE_LIMIT,
    limits: {
      depth: e.MAX_QUERY_DEPTH,
      aliases: e.MAX_QUERY_ALIASES,
      directives: e.MAX_QUERY_DIRECTIVES,
      tokens: e.MAX_QUERY_TOKENS,
      cost: e.MAX_QUERY_COST,
    },
    trustProxy: e.TRUST_PROXY,
    cache: {
      // On unless turned off; test processes opt in, so the tests written for an uncached router
      // (e.g. a subgraph down means its fields fail) keep asserting exactly that.
      enabled: e.CACHE_ENABLED ?? e.NODE_ENV !== 'test',
      maxTtlSeconds: e.CACHE_MAX_TTL_SECONDS,
      memoryBytes: e.CACHE_MEMORY_MB * 1024 * 1024,
      keyPrefix: e.CACHE_KEY_PREFIX,
    },
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED,
      pointsPerSecond: e.RATE_LIMIT_POINTS_PER_SECOND,
      burst: e.RATE_LIMIT_BURST,
      keyPrefix: `${e.CACHE_KEY_PREFIX}ratelimit:`,
    },
    redisUrl: e.REDIS_URL,
    cors: {
      origins: e.CORS_ORIGINS ?? (e.NODE_ENV === 'production' ? [] : ('*' as const)),
      maxAgeSeconds: e.CORS_MAX_AGE_SECONDS,
    },
    subscriptions: {
      eventsPrefix: e.EVENTS_PREFIX,
      perConnection: e.SUBSCRIPTIONS_PER_CONNECTION,
      connectionsPerUser: e.SUBSCRIPTION_CONNECTIONS_PER_USER,
      slowConsumerMs: e.SUBSCRIPTION_SLOW_CONSUMER_SECONDS * 1_000,
    },
    trustedDocuments: { mode: e.TRUSTED_DOCUMENTS, manifestPath: e.TRUSTED_DOCUMENTS_PATH },
  };
}

export type Config = ReturnType<typeof loadConfig>;
