import { PGlite } from '@electric-sql/pglite';
import { drizzle as pglite } from 'drizzle-orm/pglite';
import { drizzle as postgresJs } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { advisoryXactLock, tryAdvisoryXactLock } from './advisory-locks';

describe('advisory transaction locks', () => {
  const url = process.env['TEST_DATABASE_URL'];
  const client = url ? postgres(url, { max: 3, onnotice: () => {} }) : null;
  const embedded = url ? null : new PGlite();
  const db = client ? postgresJs(client) : pglite(embedded!);
  afterAll(async () => {
    await client?.end();
    await embedded?.close();
  });

  it('are held until the transaction ends, and taken again after it', async () => {
    await db.transaction(async (tx) => {
      await advisoryXactLock(tx, 'test-lock', 'a');
      expect(await tryAdvisoryXactLock(tx, 'test-lock', 'a')).toBe(true);
    });
    expect(await db.transaction((tx) => tryAdvisoryXactLock(tx, 'test-lock', 'a'))).toBe(true);
  });

  it.skipIf(!url)('refuse another transaction the same (namespace, key) at once, and never block another namespace or key', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken!: () => void;
    const holding = new Promise<void>((resolve) => {
      taken = resolve;
    });
    const holder = db.transaction(async (tx) => {
      await advisoryXactLock(tx, 'test-lock', 'b');
      taken();
      await released;
    });
    await holding;
    const tries = await db.transaction(async (tx) => [
      await tryAdvisoryXactLock(tx, 'test-lock', 'b'),
      await tryAdvisoryXactLock(tx, 'other-lock', 'b'),
      await tryAdvisoryXactLock(tx, 'test-lock', 'c'),
    ]);
    release();
    await holder;
    expect(tries).toEqual([false, true, true]);
  });
});
