import { fileURLToPath } from 'node:url';
import { envFields, parseEnv, requireInProduction, strongSubgraphSecretInProduction, subgraphSecretField } from '@clmb/common';
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
    limits: {
      depth: e.MAX_QUERY_DEPTH,
      aliases: e.MAX_QUERY_ALIASES,
      directives: e.MAX_QUERY_DIRECTIVES,
      tokens: e.MAX_QUERY_TOKENS,
      cost: e.MAX_QUERY_COST,
    },
    trustProxy: e.TRUST_PROXY,
  };
}

export type Config = ReturnType<typeof loadConfig>;
