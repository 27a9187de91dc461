import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the users service in gyms' own tests, answering only what gyms asks it for staff:
 * `_userIdByLogin` over the accounts a test registers (usernames and emails, any case; with
 * `verifiedEmail`, only the emails registered verified). Anything
 * else (the revocation feed) is an error, which gyms tolerates. The real pair meets in the
 * router's e2e tests (router/e2e/staff.e2e.ts).
 */
export async function startFakeUsers() {
  const ids = new Map<string, string>();
  const unverified = new Set<string>();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { query, variables } = JSON.parse(body || '{}') as { query?: string; variables?: { login?: string; verifiedEmail?: boolean } };
    res.setHeader('content-type', 'application/json');
    if (!query?.includes('_userIdByLogin')) {
      res.end(JSON.stringify({ errors: [{ message: 'not in the fake users service' }] }));
      return;
    }
    const login = variables?.login?.trim().toLowerCase() ?? '';
    const hidden = variables?.verifiedEmail === true && unverified.has(login);
    res.end(JSON.stringify({ data: { _userIdByLogin: hidden ? null : (ids.get(login) ?? null) } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    /** An account with this username (and `<username>@example.com`, verified unless told); answers its id. */
    register(username: string, id: string = randomUUID(), options: { emailVerified?: boolean } = {}): string {
      const email = `${username.toLowerCase()}@example.com`;
      ids.set(username.toLowerCase(), id);
      ids.set(email, id);
      if (options.emailVerified === false) unverified.add(email);
      return id;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
