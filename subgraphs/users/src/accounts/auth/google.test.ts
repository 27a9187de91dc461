import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { GOOGLE_CLIENT_ID, startFakeGoogle } from '../fake-google';
import { createGoogleVerifier } from './google';

describe('Google ID token verification', () => {
  it('reads the identity from a valid token', async () => {
    const google = await startFakeGoogle();
    const verify = createGoogleVerifier({ clientIds: [GOOGLE_CLIENT_ID], jwksUrl: google.jwksUrl, issuers: ['https://accounts.google.com'] });
    const token = await google.idToken({ sub: '1234', email: 'Ada@Example.com', email_verified: 'true', given_name: ' Ada ', family_name: 7 });
    expect(await verify(token)).toEqual({ sub: '1234', email: 'ada@example.com', emailVerified: true, givenName: 'Ada', familyName: null, issuedAt: expect.any(Number) });
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
