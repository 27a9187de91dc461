/** The baseline's read operations but the stats: the logbook, the gyms page, a gym's route board and a route page. */
import type { Operation } from './baseline-context';
import { byId, gradeValues, SQL, unique } from './baseline-sql';

/** ISO 8601 hours, minutes, seconds, as the API's Duration scalar writes them. */
function isoDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms)) / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = Math.round((s % 60) * 1000) / 1000;
  const text = (h ? `${h}H` : '') + (m ? `${m}M` : '') + (rest ? `${rest}S` : '');
  return `PT${text || '0S'}`;
}

export const logbook: Operation = async ({ users, gyms, viewer }, authorization) => {
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
};

export const gymsPage: Operation = async ({ gyms }) => {
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
};

/** A gym's live routes with the users service's figures for each. */
export const routeBoard: Operation = async ({ users, gyms }, _authorization, variables) => {
  const [[gym], routes] = await Promise.all([gyms.query(SQL.gym, [variables?.id]), gyms.query(SQL.liveRoutesOfGyms, [[variables?.id]])]);
  if (!gym) return { gym: null };
  const ids = routes.map((r) => r.id);
  const [ratings, community, ascents] = await Promise.all([
    users.query(SQL.ratingSummaries, [ids]).then((rows) => new Map(rows.map((r) => [r.route_id, r]))),
    users.query(SQL.communityGrades, [ids]).then((rows) => new Map(rows.map((r) => [r.route_id, r.grade_id]))),
    users.query(SQL.ascents, [ids]).then((rows) => new Map(rows.map((r) => [r.route_id, r]))),
  ]);
  const grade = await gradeValues(gyms, [...routes.map((r) => r.grade_id), ...community.values()]);
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
};

/**
 * A route's page for a logged-in climber: its setters (accounts from users, in gyms' order), its
 * tags (the setter's, then those 3 climbers voted for), how many climbers project it (none once
 * stripped) and the viewer's project.
 */
export const routePage: Operation = async ({ users, gyms, viewer }, authorization, variables) => {
  const me = await viewer(authorization);
  const id = variables?.id;
  const [[route], setters, voted, [counted], [mine]] = await Promise.all([
    gyms.query(SQL.route, [id]),
    gyms.query(SQL.routeSetters, [id]),
    gyms.query(SQL.votedTags, [id]),
    users.query(SQL.activeProjectCount, [id]),
    users.query(SQL.myProject, [me.id, id]),
  ]);
  if (!route) return { route: null };
  const [grade, accounts] = await Promise.all([
    gradeValues(gyms, [route.grade_id]),
    users.query(SQL.usernames, [setters.map((s) => s.user_id)]).then(byId),
  ]);
  const stripped = route.stripped_at !== null;
  const tags: string[] = [...route.tags];
  for (const { tag_name } of voted) if (!tags.includes(tag_name)) tags.push(tag_name);
  return {
    route: {
      name: route.name,
      colour: route.colour,
      grade: grade(route.grade_id),
      setters: setters.map((s) => (accounts.has(s.user_id) ? { username: accounts.get(s.user_id)!.username } : null)),
      tags,
      projectCount: stripped ? 0 : counted!.count,
      myProject: mine ? { position: mine.position, status: mine.sent_at ? 'SENT' : stripped ? 'GONE' : 'ACTIVE' } : null,
    },
  };
};
