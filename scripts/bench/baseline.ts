/**
 * The hand-written baseline: one Node process answering the bench's operations from the same two
 * databases with the same indexed SQL (see baseline-sql.ts), the JWT verified with jose, JSON
 * built by hand. No GraphQL, no ORM, no HTTP hop between services: the limit the others are
 * measured against. It knows only the bench's exact operations.
 */
import { createServer, type ServerResponse } from 'node:http';
import { type BaselineContext, codeOf, type Operation, tokenVerifier } from './baseline-context';
import { feed } from './baseline-feed';
import { logClimb } from './baseline-log-climb';
import { gymsPage, logbook, routeBoard, routePage } from './baseline-reads';
import { openDatabase } from './baseline-sql';
import { stats } from './baseline-stats';
import { FEED, GYMS_PAGE, LOG_CLIMB, LOGBOOK, ROUTE_BOARD, ROUTE_PAGE, STATS } from './scenarios';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const ctx: BaselineContext = {
  users: await openDatabase(env('USERS_DATABASE')),
  gyms: await openDatabase(env('GYMS_DATABASE')),
  viewer: await tokenVerifier(env('JWT_PUBLIC_KEY')),
};

const operations = new Map<string, Operation>([
  [LOGBOOK, logbook],
  [GYMS_PAGE, gymsPage],
  [LOG_CLIMB, logClimb],
  [STATS, stats],
  [ROUTE_BOARD, routeBoard],
  [ROUTE_PAGE, routePage],
  [FEED, feed],
]);

function send(res: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString());
      const operation = operations.get(query);
      if (!operation) return send(res, 400, { errors: [{ message: 'The baseline knows only the bench operations.' }] });
      send(res, 200, { data: await operation(ctx, req.headers.authorization, variables) });
    } catch (error) {
      send(res, 200, { errors: [{ message: (error as Error).message, extensions: { code: codeOf(error) } }] });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(env('PORT')), '127.0.0.1', () => console.log('baseline listening'));
process.once('SIGTERM', () => server.close(() => Promise.all([ctx.users.close(), ctx.gyms.close()]).then(() => process.exit(0))));
