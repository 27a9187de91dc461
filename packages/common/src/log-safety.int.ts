import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeError } from './log-safety';

describe('logged database errors', () => {
  const client = new PGlite();
  const db = drizzle(client);
  afterAll(() => client.close());

  const failure = async (query: ReturnType<typeof sql>) => {
    try {
      await db.execute(query);
    } catch (error) {
      return error;
    }
    throw new Error('the query did not fail');
  };

  it('keep the SQL and the database code, never the parameters or the row that clashed', async () => {
    await db.execute(sql`create table account (email text unique, password_hash text)`);
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$c2VjcmV0aGFzaA';
    const insert = sql`insert into account values (${'victim@example.com'}, ${hash})`;
    await db.execute(insert);
    const logged = JSON.stringify(serializeError(await failure(insert)));
    expect(logged).not.toContain('victim@example.com');
    expect(logged).not.toContain(hash);
    expect(logged).toContain('insert into account values ($1, $2)');
    expect(logged).toContain('"code":"23505"');
  });

  it('keep a NUL byte failure readable without the value around it', async () => {
    const logged = JSON.stringify(serializeError(await failure(sql`select ${'secret-token-\u0000'}::text`)));
    expect(logged).not.toContain('secret-token');
    expect(logged).toContain('select $1::text');
  });
});
