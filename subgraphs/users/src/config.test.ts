import { randomBytes } from 'node:crypto';
import { ConfigError } from '@clmb/common';
import { generateSigningKeys } from '@clmb/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';

let keys: Record<string, string>;
beforeAll(async () => {
  keys = await generateSigningKeys();
});

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const config = loadConfig(keys);
    expect({ ...config, jwt: { ...config.jwt, publicKey: '…', privateKey: '…' } }).toEqual({
      env: 'development',
      port: 4001,
      host: '0.0.0.0',
      logLevel: 'info',
      database: { url: undefined, pgliteDir: `${process.cwd()}/.data/users`, poolMax: 10, timeouts: { statementMs: 8000, lockMs: 5000, idleInTransactionMs: 30000 } },
      migrateOnStart: true,
      jwt: { publicKey: '…', privateKey: '…', issuer: 'clmb', audience: 'clmb-api', accessTokenTtlSeconds: 900, refreshTokenTtlDays: 30, refreshFamilyLifetimeDays: 90, refreshGraceSeconds: 10 },
      gymsUrl: 'http://localhost:4002/graphql',
      mail: { smtpUrl: null, from: 'clmb <no-reply@clmb.dev>', outboxDir: `${process.cwd()}/.data/outbox` },
      appUrl: 'http://localhost:3000',
      events: { redisUrl: undefined, prefix: 'clmb:events:' },
      seedDemoData: 'auto',
      loginThrottle: { loginFailuresBeforeDelay: 3, loginFailuresPerAccount: 100, loginPerAddress: 50, loginWindowSeconds: 900, signUpPerAddress: 10, signUpWindowSeconds: 3600 },
      google: null,
    });
  });

  it('sends mail over SMTP_URL (smtp or smtps only), an empty one meaning the outbox', () => {
    expect(loadConfig({ ...keys, SMTP_URL: 'smtps://user:pw@mail.example:465' }).mail.smtpUrl).toBe('smtps://user:pw@mail.example:465');
    expect(loadConfig({ ...keys, SMTP_URL: '' }).mail.smtpUrl).toBeNull();
    expect(() => loadConfig({ ...keys, SMTP_URL: 'http://mail.example', APP_URL: 'ftp://x' })).toThrow(/SMTP_URL[\s\S]*APP_URL/);
  });

  it('turns Google sign-in on with a client id, with Google’s keys and issuers by default', () => {
    expect(loadConfig({ ...keys, GOOGLE_CLIENT_ID: 'web.apps.googleusercontent.com, ios.apps.googleusercontent.com' }).google).toEqual({
      clientIds: ['web.apps.googleusercontent.com', 'ios.apps.googleusercontent.com'],
      jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
      issuers: ['https://accounts.google.com', 'accounts.google.com'],
    });
    const local = { ...keys, GOOGLE_CLIENT_ID: 'x', GOOGLE_JWKS_URL: 'http://127.0.0.1:9/jwks', GOOGLE_ISSUERS: 'https://issuer.test' };
    expect(loadConfig(local).google).toEqual({ clientIds: ['x'], jwksUrl: 'http://127.0.0.1:9/jwks', issuers: ['https://issuer.test'] });
  });

  it('refuses Google keys over plain HTTP in production', () => {
    const env = { ...keys, NODE_ENV: 'production', DATABASE_URL: 'postgres://db/users', GYMS_URL: 'http://gyms:4002/graphql', SUBGRAPH_SECRET: randomBytes(32).toString('hex'), SMTP_URL: 'smtp://mail:587' };
    expect(() => loadConfig({ ...env, GOOGLE_CLIENT_ID: 'x', GOOGLE_JWKS_URL: 'http://keys.example.com' })).toThrow(/GOOGLE_JWKS_URL: must be an https URL/);
    expect(loadConfig({ ...env, GOOGLE_CLIENT_ID: 'x' }).google?.jwksUrl).toBe('https://www.googleapis.com/oauth2/v3/certs');
  });

  it('refuses log-in throttle limits that are not positive integers, and an empty client id list', () => {
    const env = { ...keys, LOGIN_MAX_FAILURES_PER_ACCOUNT: '0', SIGNUP_WINDOW_SECONDS: 'soon', GOOGLE_CLIENT_ID: ' , ' };
    expect(() => loadConfig(env)).toThrow(/LOGIN_MAX_FAILURES_PER_ACCOUNT[\s\S]*SIGNUP_WINDOW_SECONDS[\s\S]*GOOGLE_CLIENT_ID/);
  });

  it('accepts PEMs with literal \\n, as env files carry them', () => {
    const oneLine = keys.JWT_PRIVATE_KEY!.replace(/\n/g, '\\n');
    expect(loadConfig({ ...keys, JWT_PRIVATE_KEY: oneLine }).jwt.privateKey).toBe(keys.JWT_PRIVATE_KEY!.trim());
  });

  it('names every bad variable at once', () => {
    const env = { JWT_PUBLIC_KEY: keys.JWT_PUBLIC_KEY, PORT: 'abc', GYMS_URL: 'not a url', ACCESS_TOKEN_TTL_SECONDS: '0' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PORT', 'GYMS_URL', 'ACCESS_TOKEN_TTL_SECONDS', 'JWT_PRIVATE_KEY']) expect(message).toContain(name);
  });

  it('refuses production without DATABASE_URL, GYMS_URL and SMTP_URL (no outbox in production)', () => {
    expect(() => loadConfig({ ...keys, NODE_ENV: 'production' })).toThrow(/DATABASE_URL[\s\S]*GYMS_URL[\s\S]*SMTP_URL: is required when NODE_ENV=production/);
    expect(() => loadConfig({ ...keys, NODE_ENV: 'production', SMTP_URL: '' })).toThrow(/SMTP_URL: is required/);
  });
});

