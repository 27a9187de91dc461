import { fileURLToPath } from 'node:url';
import { envFields, parseEnv, requireInProduction, subgraphSecretField } from '@clmb/common';
import express from 'express';
import { z } from 'zod';

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
    // Operation limits (GraphQL Armor). The defaults pass a logbook page of 100 sessions with their
    // climbs (depth 8, cost ≈ 27,000) and stop queries that fan out through the graph's cycles.
    MAX_QUERY_DEPTH: limit(10, 100),
    MAX_QUERY_ALIASES: limit(15, 1_000),
    MAX_QUERY_DIRECTIVES: limit(20, 1_000),
    MAX_QUERY_TOKENS: limit(1_000, 100_000),
    MAX_QUERY_COST: limit(50_000, 10_000_000),
    TRUST_PROXY: trustProxy,
    CORS_ORIGINS: corsOrigins,
    // Chromium caps a preflight's cache at 2 hours; 10 minutes lets an origin list change spread soon.
    CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  })
  .refine((e) => !(e.NODE_ENV === 'production' && e.CORS_ORIGINS === '*'), {
    path: ['CORS_ORIGINS'],
    message: '* is for development: in production list the origins of the app (or leave it unset for none)',
  })
  // The supergraph's routing URLs point at localhost: a deployment names the real ones.
  .superRefine(requireInProduction('USERS_URL', 'GYMS_URL', 'SUBGRAPH_SECRET'));

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
    limits: {
      depth: e.MAX_QUERY_DEPTH,
      aliases: e.MAX_QUERY_ALIASES,
      directives: e.MAX_QUERY_DIRECTIVES,
      tokens: e.MAX_QUERY_TOKENS,
      cost: e.MAX_QUERY_COST,
    },
    trustProxy: e.TRUST_PROXY,
    cors: {
      origins: e.CORS_ORIGINS ?? (e.NODE_ENV === 'production' ? [] : ('*' as const)),
      maxAgeSeconds: e.CORS_MAX_AGE_SECONDS,
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
