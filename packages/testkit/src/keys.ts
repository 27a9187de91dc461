import type { StoredRole } from '@clmb/common/roles';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';

/** A fresh Ed25519 key pair as PEM, as JWT_PRIVATE_KEY / JWT_PUBLIC_KEY expect. */
export async function generateSigningKeys(): Promise<{ JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { JWT_PRIVATE_KEY: await exportPKCS8(privateKey), JWT_PUBLIC_KEY: await exportSPKI(publicKey) };
}

export interface TestTokenOptions {
  sub: string;
  /** StoredRole: a test may sign a token of the retired SETTER role, as one still in flight. */
  role: StoredRole;
  issuer?: string;
  audience?: string;
  /** jose time span ('15m') or absolute epoch seconds; a past value makes an expired token. */
  expiresAt?: string | number;
  /** More claims, e.g. `{ staff: true }` (staff of some gym). */
  claims?: Record<string, unknown>;
}

/**
 * Signs an access token the way the users service does, so a service can be tested without
 * the users service, and forged/expired/wrong-audience tokens can be made on purpose.
 */
export async function signTestToken(privateKeyPem: string, options: TestTokenOptions): Promise<string> {
  const key = await importPKCS8(privateKeyPem, 'EdDSA');
  return new SignJWT({ ...options.claims, role: options.role })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject(options.sub)
    .setIssuer(options.issuer ?? 'clmb')
    .setAudience(options.audience ?? 'clmb-api')
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '15m')
    .sign(key);
}
