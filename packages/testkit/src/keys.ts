import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

/** A fresh Ed25519 key pair as PEM, as JWT_PRIVATE_KEY / JWT_PUBLIC_KEY expect. */
export async function generateSigningKeys(): Promise<{ JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  return { JWT_PRIVATE_KEY: await exportPKCS8(privateKey), JWT_PUBLIC_KEY: await exportSPKI(publicKey) };
}
