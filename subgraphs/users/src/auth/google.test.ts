import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GOOGLE_CLIENT_ID, startFakeGoogle } from '../testing/google';
import { createGoogleVerifier } from './google';
import { usernameCandidates } from './google-accounts';

const identity = (email: string | null) => ({ sub: 's', email, emailVerified: true, givenName: null, familyName: null });

describe('Google ID token verification', () => {
  it('reads the identity from a valid token', async () => {
    const google = await startFakeGoogle();
    const verify = createGoogleVerifier({ clientIds: [GOOGLE_CLIENT_ID], jwksUrl: google.jwksUrl, issuers: ['https://accounts.google.com'] });
    const token = await google.idToken({ sub: '1234', email: 'Ada@Example.com', email_verified: 'true', given_name: ' Ada ', family_name: 7 });
    expect(await verify(token)).toEqual({ sub: '1234', email: 'ada@example.com', emailVerified: true, givenName: 'Ada', familyName: null });
    await google.stop();
  });

  it('treats unreachable Google keys as our outage, not the client’s bad token', async () => {
    const google = await startFakeGoogle();
    await google.stop();
    const verify = createGoogleVerifier({ clientIds: [GOOGLE_CLIENT_ID], jwksUrl: google.jwksUrl, issuers: ['https://accounts.google.com'] });
    const error = await verify(await google.idToken({ sub: '1234' })).catch((e: unknown) => e);
    // Not a GraphQLError: masked as INTERNAL_SERVER_ERROR and logged, never UNAUTHENTICATED.
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect(error).toMatchObject({ name: 'KeySetUnavailable' });
  });
});

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
