import { loadMigrationSettings, envFields, parseEnv, requireInProduction, strongSubgraphSecretInProduction, subgraphEnv, subgraphSettings } from '@clmb/common';
import { resolve } from 'node:path';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().min(1).max(86_400).default(fallback);
const list = z
  .string()
  .transform((v) => v.split(',').map((item) => item.trim()).filter(Boolean))
  .refine((items) => items.length > 0, 'must list at least one value');

const schema = z
  .object({
    ...subgraphEnv('users', 4001),
    JWT_PRIVATE_KEY: envFields.pem('PRIVATE'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    REFRESH_FAMILY_LIFETIME_DAYS: z.coerce.number().int().min(1).max(730).default(90),
    REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
    GYMS_URL: envFields.optionalUrl,
    // Events (subscriptions) go through Redis pub/sub when set; routers without it follow GET /events.
    REDIS_URL: envFields.redisUrl,
    EVENTS_PREFIX: envFields.eventsPrefix,
    // Empty (an unset variable passed through by compose) means no SMTP: mail goes to the outbox.
    SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^smtps?$/ }).optional()),
    MAIL_FROM: z.string().min(3).default('clmb <no-reply@clmb.dev>'),
    MAIL_OUTBOX_DIR: z.string().min(1).default('.data/outbox'),
    APP_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
    LOGIN_FAILURES_BEFORE_DELAY: count(3),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: count(100),
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: count(50),
    LOGIN_WINDOW_SECONDS: seconds(900),
    SIGNUP_MAX_PER_ADDRESS: count(10),
    SIGNUP_WINDOW_SECONDS: seconds(3600),
    // Comma-separated: an app usually has one OAuth client id per platform (web, iOS, Android).
    // Empty (e.g. an unset variable passed through by compose) means Google sign-in is off.
    GOOGLE_CLIENT_ID: z.preprocess((v) => (v === '' ? undefined : v), list.optional()),
    GOOGLE_JWKS_URL: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
    GOOGLE_ISSUERS: list.default(['https://accounts.google.com', 'accounts.google.com']),
  })
  .superRefine(requireInProduction('DATABASE_URL', 'GYMS_URL', 'SUBGRAPH_SECRET'))
  .superRefine(strongSubgraphSecretInProduction)
  .superRefine((env, ctx) => {
    // The outbox is a development aid: in production, verification and reset mails must go out.
    if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required when NODE_ENV=production (smtp(s)://user:password@host:port of the mail server; the outbox is for development)' });
    }
    // Keys fetched over plain HTTP could be swapped in transit, and with them every Google sign-in.
    if (env.NODE_ENV === 'production' && env.GOOGLE_CLIENT_ID && !env.GOOGLE_JWKS_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['GOOGLE_JWKS_URL'], message: 'must be an https URL when NODE_ENV=production' });
    }
  });

/** Everything the users service reads from its environment, validated once at start-up. */
export function loadConfig(env: NodeJS.ProcessEnv) {
  const e = parseEnv(schema, env);
  const settings = subgraphSettings(e);
  return {
    ...settings,
    jwt: {
      ...settings.jwt,
      privateKey: e.JWT_PRIVATE_KEY,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      refreshFamilyLifetimeDays: e.REFRESH_FAMILY_LIFETIME_DAYS,
      refreshGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
    },
    gymsUrl: e.GYMS_URL ?? 'http://localhost:4002/graphql',
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM, outboxDir: resolve(e.MAIL_OUTBOX_DIR) },
    appUrl: e.APP_URL,
    events: { redisUrl: e.REDIS_URL, prefix: e.EVENTS_PREFIX },
    loginThrottle: {
      loginFailuresBeforeDelay: e.LOGIN_FAILURES_BEFORE_DELAY,
      loginFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      loginPerAddress: e.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
      loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
      signUpPerAddress: e.SIGNUP_MAX_PER_ADDRESS,
      signUpWindowSeconds: e.SIGNUP_WINDOW_SECONDS,
    },
    /** Null when GOOGLE_CLIENT_ID is unset: logInWithGoogle then answers that it is not configured. */
    google: e.GOOGLE_CLIENT_ID ? { clientIds: e.GOOGLE_CLIENT_ID, jwksUrl: e.GOOGLE_JWKS_URL, issuers: e.GOOGLE_ISSUERS } : null,
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** The migration step's configuration: only what reaches the database. */
export const loadMigrationConfig = (env: NodeJS.ProcessEnv) => loadMigrationSettings('users', env);
