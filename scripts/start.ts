/**
 * `npm start`: the whole supergraph on one machine. Starts the gyms and users subgraphs and the
 * router as three processes (as in production), on embedded PGlite under .data/ unless
 * USERS_DATABASE_URL / GYMS_DATABASE_URL point at Postgres, waits until the router is ready,
 * prints the Sandbox URL, restarts a service that crashes, and stops all three on Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@clmb/common';
import { seedDemoLogbook } from './demo-logbook';
import { seedDemoRatings } from './demo-ratings';
import { ports, root, serviceSpecs } from './services';
import { log, supervise, waitUntilReady } from './supervisor';

const started = performance.now();
// A users database made by this start gets a demo logbook (the services seed the rest).
const freshUsersDatabase = !process.env['USERS_DATABASE_URL'] && !existsSync(new URL('.data/users/', root));

const services = supervise(await serviceSpecs(), root);
const routerUrl = `http://127.0.0.1:${ports.router}`;
// The subgraphs first: the router logs every readiness probe it fails while they start.
for (const port of [ports.gyms, ports.users, ports.router]) await waitUntilReady(`http://127.0.0.1:${port}/ready`, services.stopping);
if (!services.stopping() && freshUsersDatabase) {
  await seedDemoLogbook(`${routerUrl}/graphql`).then(
    (sessions) => log('demo', `logged ${sessions} sessions for ${DEMO_ACCOUNTS.climber.email}`),
    (error: unknown) => log('demo', `no demo logbook: ${error instanceof Error ? error.message : error}`),
  );
  await seedDemoRatings(`${routerUrl}/graphql`).then(
    (ratings) => log('demo', `rated ${ratings} routes as the demo climbers`),
    (error: unknown) => log('demo', `no demo ratings: ${error instanceof Error ? error.message : error}`),
  );
}
if (!services.stopping()) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`
  clmb is up in ${seconds} s
  Sandbox:   http://localhost:${ports.router}/graphql
  GraphiQL:  http://localhost:${ports.router}/graphiql (works offline)
  Demo logins (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.climber.email}, ${DEMO_ACCOUNTS.admin.email}, ${DEMO_ACCOUNTS.owner.email} (owner of the demo gyms), ${DEMO_ACCOUNTS.setter.email} (their setter)
  Ctrl-C stops everything.
`);
}
