import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the users service in gyms' own tests, answering only what gyms asks it for staff:
 * `_userIdByLogin` over the accounts a test registers (usernames and emails, any case). Anything
 * else (the revocation feed) is an error, which gyms tolerates. The real pair meets in the
 * router's e2e tests (router/e2e/staff.e2e.ts).
 */
export async function startFakeUsers() {
  const ids = new Map<string, string>();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { query, variables } = JSON.parse(body || '{}') as { query?: string; variables?: { login?: string } };
    res.setHeader('content-type', 'application/json');
    if (!query?.includes('_userIdByLogin')) {
      res.end(JSON.stringify({ errors: [{ message: 'not in the fake users service' }] }));
      return;
    }
    res.end(JSON.stringify({ data: { _userIdByLogin: ids.get(variables?.login?.trim().toLowerCase() ?? '') ?? null } }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    /** An account with this username (and `<username>@example.com`); answers its id. */
    register(username: string, id: string = randomUUID()): string {
      ids.set(username.toLowerCase(), id);
      ids.set(`${username.toLowerCase()}@example.com`, id);
      return id;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
