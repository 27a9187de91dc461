import { describe, expect, it } from 'vitest';
import { usernameCandidates } from './google-accounts';

const identity = (email: string | null) => ({ sub: 's', email, emailVerified: true, givenName: null, familyName: null });

describe('usernames for new Google accounts', () => {
  it('start from the email’s local part, within the sign-up rules', () => {
    const [first, ...rest] = usernameCandidates(identity('o’brien+climbs@example.com'));
    expect(first).toBe('obrienclimbs');
    for (const name of rest) expect(name).toMatch(/^(obrienclimbs-\d{4}|climber-[0-9a-f]{12})$/);
    expect(usernameCandidates(identity('a.very.long.local.part.beyond.limits@example.com'))[0]).toBe('a.very.long.local.part.b');
    expect(usernameCandidates(identity('é@example.com'))[0]).toBe('climber');
    for (const name of usernameCandidates(identity(null))) expect(name).toMatch(/^[A-Za-z0-9_.-]{3,32}$/);
  });
});
