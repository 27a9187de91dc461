import { LOG_IN } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const fieldErrors = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (response.errors ?? []).map((error) => [error.extensions?.['code'], error.extensions?.['field']]);

/** The review's NUL-byte attack and its relatives, replayed through the router: each is the client's error. */
describe('text a client sends', () => {
  let sg: Supergraph;
  let gymId: string;
  let token: string;

  beforeAll(async () => {
    sg = await startSupergraph();
    const admin = await sg.build.logIn('admin@clmb.dev');
    ({ gymId } = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'hygiene', routeCount: 1 }));
    token = (await sg.build.user({ username: 'hygiene' })).accessToken;
  });
  afterAll(() => sg?.stop());

  it.each([
    ['a name on sign-up', 'mutation ($i: SignUpInput!) { signUp(input: $i) }', { i: { email: 'nul@example.com', username: 'nul', password: 'correct horse battery', firstName: 'A\u0000da' } }, 'input.firstName'],
    ['a city filter', 'query ($f: GymFilter) { gyms(filter: $f) { totalCount } }', { f: { city: 'Sheff\u0000ield' } }, 'filter.city'],
    ['a slug', 'query ($s: String!) { gymBySlug(slug: $s) { id } }', { s: 'hy\u0000giene' }, 'slug'],
  ])('a NUL byte in %s is BAD_USER_INPUT naming the field, never an internal error', async (_what, query, variables, field) => {
    expect(fieldErrors(await sg.request(query, variables))).toEqual([['BAD_USER_INPUT', field]]);
  });

  it('a NUL byte in a log-in email fails like a wrong password (counted, no account named), not as an internal error', async () => {
    const response = await sg.request(LOG_IN, { input: { email: 'a\u0000@example.com', password: 'whatever-it-is' } });
    expect(fieldErrors(response)).toEqual([['UNAUTHENTICATED', undefined]]);
  });

  it('a right-to-left override in a session name is refused; newlines in notes are kept', async () => {
    const start = 'mutation ($i: StartSessionInput!) { startSession(input: $i) { id } }';
    expect(fieldErrors(await sg.request(start, { i: { gymId, name: 'Evening \u202egnirehtalb' } }, token))).toEqual([['BAD_USER_INPUT', 'input.name']]);
    const session = await sg.build.session(token, { gymId, name: 'Evening' });
    const update = 'mutation ($i: UpdateSessionInput!) { updateSession(input: $i) { notes } }';
    const notes = 'Warm-up:\n\t4 easy problems\nthen the project';
    expect(await sg.request(update, { i: { id: session.id, notes } }, token)).toEqual({ status: 200, data: { updateSession: { notes } } });
  });
});
