import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

const GOOGLE_ISSUER = 'https://accounts.google.com';
export const GOOGLE_CLIENT_ID = 'clmb-test.apps.googleusercontent.com';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface FakeGoogle {
  /** GOOGLE_JWKS_URL for the service under test. */
  jwksUrl: string;
  /** How often the key set was fetched. */
  fetches(): number;
  /** An ID token as Google would issue it for `claims` (defaults: our client id, valid for an hour). */
  idToken(claims: JWTPayload, options?: { key?: PrivateKey; kid?: string; expiresIn?: number; issuedAt?: number }): Promise<string>;
  /** A key Google never published: tokens signed with it are forgeries. */
  otherKey: PrivateKey;
  stop(): Promise<void>;
}

/**
 * Google's side of sign-in, on 127.0.0.1: a JWKS endpoint serving one locally generated RSA key,
 * and a signer for ID tokens with it. Nothing leaves the machine.
 */
export async function startFakeGoogle(): Promise<FakeGoogle> {
  const [google, forger] = [await generateKeyPair('RS256'), await generateKeyPair('RS256')];
  const kid = 'test-key-1';
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(google.publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/oauth2/v3/certs`,
    fetches: () => fetches,
    otherKey: forger.privateKey,
    idToken: (claims, options = {}) => {
      const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: GOOGLE_ISSUER, aud: GOOGLE_CLIENT_ID, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + (options.expiresIn ?? 3600))
        .sign(options.key ?? google.privateKey);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
