import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** A new password: what sign-up, a change and a reset accept. */
export const newPassword = z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters');

// @node-rs/argon2 defaults to argon2id (19 MiB, 2 passes: OWASP's recommended minimum); its
// Algorithm enum is a const enum that isolatedModules cannot import, so the default is relied on
// and a unit test checks the `$argon2id$` prefix.
export const hashPassword = (password: string): Promise<string> => hash(password);

// Verifying against a real hash when the email is unknown costs the same time as a wrong
// password, so response times do not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash('not-a-password-anyone-has');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}
