/**
 * The hand-written baseline: one Node process answering the bench's operations from the same two
 * databases with the same indexed SQL (see baseline-sql.ts), the JWT verified with jose, JSON
 * built by hand. No GraphQL, no ORM, no HTTP hop between services: the limit the others are
 * measured against. It knows only the bench's exact operations.
 */
import { createServer, type ServerResponse } from 'node:http';
import { errors as joseErrors, importSPKI, jwtVerify } from 'jose';
import { byId, openDatabase, SQL, unique } from './baseline-sql';
import { GYMS_PAGE, LOG_CLIMB, LOGBOOK, ROUTE_BOARD, STATS } from './scenarios';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const users = await openDatabase(env('USERS_DATABASE'));
const gyms = await openDatabase(env('GYMS_DATABASE'));
const publicKey = await importSPKI(env('JWT_PUBLIC_KEY'), 'EdDSA');

class Refused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

async function viewer(authorization: string | undefined): Promise<{ id: string; role: string }> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  if (!token) throw new Refused('UNAUTHENTICATED', 'You must be logged in.');
  const { payload } = await jwtVerify(token, publicKey, { algorithms: ['EdDSA'], issuer: 'clmb', audience: 'clmb-api' });
  return { id: payload.sub!, role: payload['role'] as string };
}

/** ISO 8601 hours, minutes, seconds, as the API's Duration scalar writes them. */
function isoDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms)) / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.round((s % 60) * 1000) / 1000;
  const text = (h ? `${h}H` : '') + (m ? `${m}M` : '') + (rest ? `${rest}S` : '');
  return `PT${text || '0S'}`;
}

async function logbook(authorization: string | undefined) {
  const me = await viewer(authorization);
  const [user, sessions] = await Promise.all([users.query(SQL.user, [me.id]), users.query(SQL.sessionPage, [me.id, 20])]);
  if (user.length === 0) return { me: null };
  const climbs = await users.query(SQL.climbsOfSessions, [sessions.map((s) => s.id)]);
  const [gymRows, routeRows] = await Promise.all([
    gyms.query(SQL.gymsByIds, [unique(sessions.map((s) => s.gym_id))]),
    gyms.query(SQL.routesByIds, [unique(climbs.map((c) => c.route_id))]),
  ]);
  const grades = byId(await gyms.query(SQL.gradesByIds, [unique(routeRows.map((r) => r.grade_id))]));
  const gymById = byId(gymRows);
  const routeById = byId(routeRows);
  const climbsBySession = new Map<string, object[]>();
  for (const c of climbs) {
    const route = routeById.get(c.route_id);
    const grade = route && grades.get(route.grade_id);
    const climb = { attempts: c.attempts, sent: c.sent, route: route ? { colour: route.colour, grade: grade ? { value: grade.value } : null } : null };
    climbsBySession.set(c.session_id, [...(climbsBySession.get(c.session_id) ?? []), climb]);
  }
  const edges = sessions.map((s) => {
    const gym = gymById.get(s.gym_id);
    const duration = s.end_time ? isoDuration(s.end_time.getTime() - s.start_time.getTime()) : null;
    return {
      node: { name: s.name, duration, gym: gym ? { name: gym.name, city: gym.city } : null, climbs: climbsBySession.get(s.id) ?? [] },
    };
  });
  return { me: { sessions: { edges } } };
}

async function gymsPage() {
  const page = await gyms.query(SQL.gymPage, [20]);
  const routes = await gyms.query(SQL.liveRoutesOfGyms, [page.map((g) => g.id)]);
  const grades = byId(await gyms.query(SQL.gradesByIds, [unique(routes.map((r) => r.grade_id))]));
  const routesByGym = new Map<string, object[]>();
  for (const r of routes) {
    const grade = grades.get(r.grade_id);
    routesByGym.set(r.gym_id, [...(routesByGym.get(r.gym_id) ?? []), { colour: r.colour, grade: grade ? { value: grade.value } : null }]);
  }
  const edges = page.map((g) => ({ node: { name: g.name, city: g.city, routes: routesByGym.get(g.id) ?? [] } }));
  return { gyms: { edges } };
}

/** Grade values by id, as `{ value }` objects (null for none). */
async function gradeValues(ids: (string | null | undefined)[]): Promise<(id: string | null | undefined) => { value: string } | null> {
  const grades = byId(await gyms.query(SQL.gradesByIds, [unique(ids.filter((id): id is string => Boolean(id)))]));
  return (id) => (id && grades.get(id) ? { value: grades.get(id)!.value } : null);
}

/** The bench climber's stats; all their climbs share one grade system, so no grade converts. */
async function stats(authorization: string | undefined) {
  const me = await viewer(authorization);
  const [user, [counts], rows] = await Promise.all([users.query(SQL.user, [me.id]), users.query(SQL.climbCounts, [me.id]), users.query(SQL.gradeMonths, [me.id, 'BOULDER'])]);
  if (user.length === 0) return { me: null };
  const grade = await gradeValues(rows.map((r) => r.grade_id));
  const byGrade = new Map<string, { scale: number; sends: number; attempts: number }>();
  const byMonth = new Map<string, { best: Record<string, any> | null; sends: number }>();
  let hardest: Record<string, any> | null = null;
  for (const r of rows) {
    const step = byGrade.get(r.grade_id) ?? { scale: r.grade_scale, sends: 0, attempts: 0 };
    step.sends += r.sends;
    step.attempts += r.attempts;
    byGrade.set(r.grade_id, step);
    const month = byMonth.get(r.month) ?? { best: null, sends: 0 };
    month.sends += r.sends;
    if (r.sends > 0 && (!month.best || r.grade_scale > month.best.grade_scale)) month.best = r;
    byMonth.set(r.month, month);
    if (r.sends > 0 && (!hardest || r.grade_scale > hardest.grade_scale)) hardest = r;
  }
  const pyramid = [...byGrade.entries()].sort((a, b) => b[1].scale - a[1].scale).map(([id, step]) => ({ grade: grade(id), sends: step.sends, attempts: step.attempts }));
  const months = [...byMonth.keys()].sort();
  // Every month from the first with a climb to the last, as month numbers since year 0.
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const label = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  const progression = [];
  for (let n = months.length ? index(months[0]!) : 0; months.length && n <= index(months.at(-1)!); n++) {
    const point = byMonth.get(label(n));
    progression.push({ month: label(n), hardestSend: grade(point?.best?.grade_id), sends: point?.sends ?? 0 });
  }
  const { climbs, sends, flashes, onsights } = counts!;
  return {
    me: {
      stats: { climbCount: climbs, sendCount: sends, flashCount: flashes, onsightCount: onsights, hardestSend: hardest ? { grade: grade(hardest.grade_id) } : null, pyramid, progression },
    },
  };
}

/** A gym's live routes with the users service's figures for each. */
async function routeBoard(_authorization: string | undefined, variables: any) {
  const [[gym], routes] = await Promise.all([gyms.query(SQL.gym, [variables?.id]), gyms.query(SQL.liveRoutesOfGyms, [[variables?.id]])]);
  if (!gym) return { gym: null };
  const ids = routes.map((r) => r.id);
  const [ratings, community, ascents] = await Promise.all([
    users.query(SQL.ratingSummaries, [ids]).then((rows) => new Map(rows.map((r) => [r.route_id, r]))),
    users.query(SQL.communityGrades, [ids]).then((rows) => new Map(rows.map((r) => [r.route_id, r.grade_id]))),
    users.query(SQL.ascents, [ids]).then((rows) => new Map(rows.map((r) => [r.route_id, r]))),
  ]);
  const grade = await gradeValues([...routes.map((r) => r.grade_id), ...community.values()]);
  return {
    gym: {
      name: gym.name,
      routes: routes.map((r) => ({
        colour: r.colour,
        grade: grade(r.grade_id),
        rating: { average: ratings.get(r.id)?.average ?? null, count: ratings.get(r.id)?.count ?? 0 },
        communityGrade: grade(community.get(r.id)),
        ascents: { sendCount: ascents.get(r.id)?.senders ?? 0, climberCount: ascents.get(r.id)?.climbers ?? 0 },
      })),
    },
  };
}

async function logClimb(authorization: string | undefined, variables: any) {
  const me = await viewer(authorization);
  const input = variables?.input ?? {};
  if (!Number.isInteger(input.attempts) || input.attempts < 1) throw new Refused('BAD_USER_INPUT', 'input.attempts: must be at least 1');
  const [session] = await users.query(SQL.sessionOwner, [input.sessionId]);
  if (!session) throw new Refused('NOT_FOUND', 'No such session.');
  if (session.user_id !== me.id && me.role !== 'ADMIN') throw new Refused('FORBIDDEN', 'Not your session.');
  const [route] = await gyms.query(SQL.routeForClimb, [input.routeId]);
  if (!route || route.gym_id !== session.gym_id || route.stripped_at) throw new Refused('BAD_USER_INPUT', 'input.routeId: no such route');
  const [row] = await users.query(SQL.insertClimb, [
    input.sessionId,
    input.routeId,
    input.attempts,
    input.sent,
    input.style ?? null,
    input.notes ?? null,
    route.grade_id,
    route.scale,
    route.discipline,
    route.gym_id,
  ]);
  return { logClimb: row };
}

const operations = new Map<string, (authorization: string | undefined, variables: unknown) => Promise<object>>([
  [LOGBOOK, logbook],
  [GYMS_PAGE, gymsPage],
  [LOG_CLIMB, logClimb],
  [STATS, stats],
  [ROUTE_BOARD, routeBoard],
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
      send(res, 200, { data: await operation(req.headers.authorization, variables) });
    } catch (error) {
      const code = error instanceof Refused ? error.code : error instanceof joseErrors.JOSEError ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR';
      send(res, 200, { errors: [{ message: (error as Error).message, extensions: { code } }] });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(env('PORT')), '127.0.0.1', () => console.log('baseline listening'));
process.once('SIGTERM', () => server.close(() => Promise.all([users.close(), gyms.close()]).then(() => process.exit(0))));
