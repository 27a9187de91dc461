import { describe, expect, it } from 'vitest';
import { accountStamp } from './email-links';

describe('accountStamp', () => {
  const account = { passwordHash: '$argon2id$v=19$one', email: 'ada@example.com', tokenGeneration: 3, role: 'CLIMBER' as const, googleId: null };

  it('changes with the password, the address, the token generation, the role and the Google link', () => {
    const changes = [
      { passwordHash: '$argon2id$v=19$two' },
      { passwordHash: null },
      { email: 'ada@new.example' },
      { tokenGeneration: 4 },
      { role: 'ADMIN' as const },
      { googleId: 'google-ada' },
    ];
    const stamps = new Set([accountStamp(account), ...changes.map((change) => accountStamp({ ...account, ...change }))]);
    expect(stamps.size).toBe(changes.length + 1);
  });

  it('is the same for the same account, whatever the case of its address', () => {
    expect(accountStamp({ ...account, email: 'Ada@Example.com' })).toBe(accountStamp(account));
    expect(accountStamp(account)).toMatch(/^[0-9a-f]{64}$/);
  });
});
