/** The baseline's feed: a page of 20 items of the climbers the viewer follows, with their sessions' gyms and summaries and their climbs' routes. */
import type { Operation } from './baseline-context';
import { byId, gradeValues, SQL, unique } from './baseline-sql';

const PAGE = 20;

export const feed: Operation = async ({ users, gyms, viewer }, authorization) => {
  const me = await viewer(authorization);
  const [user, items] = await Promise.all([users.query(SQL.user, [me.id]), users.query(SQL.feedPage, [me.id, PAGE])]);
  if (user.length === 0) return { me: null };
  const present = (ids: (string | null)[]) => unique(ids.filter((id): id is string => id !== null));
  const [actors, sessions, climbs] = await Promise.all([
    users.query(SQL.usernames, [present(items.map((i) => i.actor_id))]).then(byId),
    users.query(SQL.sessionSummaries, [present(items.map((i) => i.session_id))]).then(byId),
    users.query(SQL.climbRoutes, [present(items.map((i) => i.climb_id))]).then(byId),
  ]);
  const [gymById, routeById] = await Promise.all([
    gyms.query(SQL.gymsByIds, [unique([...sessions.values()].map((s) => s.gym_id))]).then(byId),
    gyms.query(SQL.namedRoutesByIds, [unique([...climbs.values()].map((c) => c.route_id))]).then(byId),
  ]);
  const grade = await gradeValues(gyms, [...routeById.values()].map((r) => r.grade_id));
  const edges = items.map((item) => {
    const session = item.session_id ? sessions.get(item.session_id) : undefined;
    const gym = session && gymById.get(session.gym_id);
    const climb = item.climb_id ? climbs.get(item.climb_id) : undefined;
    const route = climb && routeById.get(climb.route_id);
    return {
      node: {
        kind: item.kind,
        createdAt: new Date(item.created_at).toISOString(),
        actor: { username: actors.get(item.actor_id)!.username },
        session: session ? { gym: gym ? { name: gym.name } : null, summary: { climbCount: session.climbs, sendCount: session.sends } } : null,
        climb: climb ? { route: route ? { name: route.name, grade: grade(route.grade_id) } : null } : null,
      },
    };
  });
  return { me: { feed: { edges } } };
};
