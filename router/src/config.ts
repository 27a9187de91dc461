import { fileURLToPath } from 'node:url';
import { envFields, parseEnv, requireInProduction, subgraphSecretField } from '@clmb/common';
import { z } from 'zod';

const schema = z
  .object({
  NODE_ENV: envFields.nodeEnv,
  PORT: envFields.port(4000),
  HOST: envFields.host,
  LOG_LEVEL: envFields.logLevel,
  SUPERGRAPH_PATH: z.string().min(1).default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
  USERS_URL: envFields.optionalUrl,
  GYMS_URL: envFields.optionalUrl,
  JWT_PUBLIC_KEY: envFields.pem('PUBLIC'),
  JWT_ISSUER: z.string().min(1).default('clmb'),
  JWT_AUDIENCE: z.string().min(1).default('clmb-api'),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SUBGRAPH_SECRET: subgraphSecretField,
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'must look like 100kb').default('100kb'),
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
    // Routing URLs in the supergraph are for local development; a deployment points them elsewhere.
    subgraphUrls: { users: e.USERS_URL, gyms: e.GYMS_URL } as Record<string, string | undefined>,
    auth: { publicKey: e.JWT_PUBLIC_KEY, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    subgraphSecret: e.SUBGRAPH_SECRET,
    bodyLimit: e.BODY_LIMIT,
  };
}

export type Config = ReturnType<typeof loadConfig>;
