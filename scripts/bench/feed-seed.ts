/**
 * Data for the feed scenarios (issue 19), written straight into the users database while no
 * service runs, like the deep logbooks: readers (one a connection) who each follow the same 50 climbers, each with three months
 * of sessions (one every 56 hours, 4 climbs each) at one of the demo gyms, not the bench gym (its
 * route board's figures stay the community scenario's own). Each climber's grades rise over the
 * months, so sends keep making news: the items are the ones the users service's writes make
 * (SESSION_ENDED at each session's end; HARDEST_SEND or FIRST_SEND_OF_GRADE for a send harder than
 * every earlier one or of a step not sent before). One session in 12 is narrowed to PRIVATE:
 * privacy's rule leaves its items out of the reader's feed.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from './baseline-sql';
import type { BenchDatabases } from './databases';

export const FOLLOWED = 50;
const SESSIONS_EACH = 40;
const CLIMBS_EACH = 4;
const HOUR = 3_600_000;

interface GymRoute {
  id: string;
  gym_id: string;
  grade_id: string;
  scale: number;
  discipline: string;
}

/** Straight into the databases, the services stopped: returns the readers' ids. */
export async function seedFeed(dbs: BenchDatabases, benchGymId: string, readers: number): Promise<string[]> {
  const gymsDb = await openDatabase(dbs.location('gyms'));
  const routes = (await gymsDb.query(
    `select r.id, r.gym_id, r.grade_id, g.scale, s.discipline::text discipline
       from gyms.route r join gyms.grade g on g.id = r.grade_id join gyms.grade_system s on s.id = g.grade_system_id
       where r.gym_id <> $1 and r.stripped_at is null order by r.gym_id, g.scale, r.id`,
    [benchGymId],
  )) as GymRoute[];
  await gymsDb.close();
  const byGym = new Map<string, GymRoute[]>();
  for (const route of routes) byGym.set(route.gym_id, [...(byGym.get(route.gym_id) ?? []), route]);
  const gyms = [...byGym.values()].filter((list) => list.length >= CLIMBS_EACH);

  const readerIds = Array.from({ length: readers }, () => randomUUID());
  const followed = Array.from({ length: FOLLOWED }, () => randomUUID());
  const sessions: object[] = [];
  const climbs: object[] = [];
  const items: object[] = [];
  const now = Date.now();
  followed.forEach((userId, f) => {
    const gymRoutes = gyms[f % gyms.length]!;
    const scales = [...new Set(gymRoutes.map((route) => route.scale))];
    // A new top step every `gap` sessions, the last one `phase` sessions before the newest: a
    // climber in `gap` is at it in their newest session, so the feed's first page holds sends too.
    const gap = Math.max(1, Math.floor(SESSIONS_EACH / scales.length));
    const phase = f % gap;
    const sentScales = new Set<number>();
    let hardest: number | null = null;
    for (let s = 0; s < SESSIONS_EACH; s++) {
      const sessionId = randomUUID();
      const start = now - (SESSIONS_EACH - s) * 56 * HOUR - f * 67 * 60_000;
      const end = start + 2 * HOUR;
      const narrowed = (s + f) % 12 === 0;
      sessions.push({ id: sessionId, user_id: userId, gym_id: gymRoutes[0]!.gym_id, start_time: new Date(start), end_time: new Date(end), visibility: narrowed ? 'PRIVATE' : null });
      items.push({ actor_id: userId, kind: 'SESSION_ENDED', session_id: sessionId, created_at: new Date(end) });
      // The session's top step rises over the months; the climbs work down from it.
      const untilLast = SESSIONS_EACH - 1 - phase - s;
      const newStep = untilLast >= 0 && untilLast % gap === 0;
      const top = scales.length - 1 - Math.max(0, Math.ceil(untilLast / gap));
      for (let j = 0; j < CLIMBS_EACH; j++) {
        const scale = scales[Math.max(0, Math.min(scales.length - 1, top - j))]!;
        const candidates = gymRoutes.filter((route) => route.scale === scale);
        const route = candidates[(s + j + f) % candidates.length]!;
        const sent = j > 0 || newStep || s % 2 === 1;
        const attempts = sent ? 1 + ((s + j) % 3) : 4;
        const climbId = randomUUID();
        const createdAt = new Date(start + (j + 1) * 20 * 60_000);
        climbs.push({ id: climbId, session_id: sessionId, route_id: route.id, attempts, sent, style: !sent ? 'ATTEMPT' : attempts === 1 ? 'FLASH' : 'REDPOINT', grade_id: route.grade_id, grade_scale: route.scale, discipline: route.discipline, gym_id: route.gym_id, created_at: createdAt });
        if (!sent) continue;
        // As recordSend decides (one discipline per gym here).
        const kind = hardest !== null && route.scale > hardest ? 'HARDEST_SEND' : sentScales.has(route.scale) ? null : 'FIRST_SEND_OF_GRADE';
        hardest = Math.max(hardest ?? route.scale, route.scale);
        sentScales.add(route.scale);
        if (kind) items.push({ actor_id: userId, kind, session_id: sessionId, climb_id: climbId, route_id: route.id, created_at: createdAt });
      }
    }
  });

  const users = await openDatabase(dbs.location('users'));
  await users.query(
    `insert into users."user" (id, email, username) select id, 'bench-feed-' || n || '@clmb.dev', 'bench-feed-' || n
       from unnest($1::uuid[]) with ordinality as u(id, n)`,
    [[...readerIds, ...followed]],
  );
  await users.query(
    'insert into users.follow (follower_id, followee_id) select r, f from unnest($1::uuid[]) as r(r) cross join unnest($2::uuid[]) as f(f)',
    [readerIds, followed],
  );
  // Rows travel as one JSON parameter: both drivers pass it alike, whatever the column types.
  await users.query(
    `insert into users.session (id, user_id, gym_id, name, start_time, end_time, visibility)
       select id, user_id, gym_id, 'Feed session', start_time, end_time, visibility::users.visibility
       from json_to_recordset($1::text::json) as t(id uuid, user_id uuid, gym_id uuid, start_time timestamptz, end_time timestamptz, visibility text)`,
    [JSON.stringify(sessions)],
  );
  await users.query(
    `insert into users.climb (id, session_id, route_id, attempts, sent, style, grade_id, grade_scale, discipline, gym_id, created_at)
       select id, session_id, route_id, attempts, sent, style::users.ascent_style, grade_id, grade_scale, discipline::users.discipline, gym_id, created_at
       from json_to_recordset($1::text::json)
         as t(id uuid, session_id uuid, route_id uuid, attempts int, sent bool, style text, grade_id uuid, grade_scale int, discipline text, gym_id uuid, created_at timestamptz)`,
    [JSON.stringify(climbs)],
  );
  await users.query(
    `insert into users.feed_item (actor_id, kind, session_id, climb_id, route_id, created_at)
       select actor_id, kind::users.feed_item_kind, session_id, climb_id, route_id, created_at
       from json_to_recordset($1::text::json) as t(actor_id uuid, kind text, session_id uuid, climb_id uuid, route_id uuid, created_at timestamptz)`,
    [JSON.stringify(items)],
  );
  await users.close();
  return readerIds;
}
