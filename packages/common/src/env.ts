import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment against a zod schema and reports every bad variable at once, by name,
 * instead of failing on the first one somewhere deep in start-up.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Shared pieces of every service's environment schema. */
export const envFields = {
  nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  host: z.string().min(1).default('0.0.0.0'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  optionalUrl: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
  /** Optional; empty (an unset variable passed through by compose) means none. */
  redisUrl: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^rediss?$/ }).optional()),
  /** The Redis channel prefix events are published under: the same for the services and the routers of one deployment. */
  eventsPrefix: z.string().regex(/^[\w:.-]{1,64}$/, 'must be up to 64 letters, digits or : . _ -').default('clmb:events:'),
  pem: (kind: 'PUBLIC' | 'PRIVATE') =>
    z
      .string()
      // Env files and Kubernetes secrets often carry PEMs on one line with literal \n.
      .transform((v) => v.replace(/\\n/g, '\n').trim())
      .refine((v) => v.startsWith(`-----BEGIN ${kind} KEY-----`), `must be a PEM-encoded ${kind.toLowerCase()} key`),
};
