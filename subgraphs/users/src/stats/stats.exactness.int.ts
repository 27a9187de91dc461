import type { Discipline, Visibility } from '@clmb/drizzle/users';
import { testDatabaseUrl } from '@clmb/testkit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteUser } from '../accounts/user-store';
import { schema, type UsersDb } from '../db';
import { deleteClimb, fillClimbGrades, insertClimbs, lockSession, updateClimb } from '../logbook/climb-store';
import { deleteSession, insertSession, updateSession } from '../logbook/session-store';
import type { Allowed } from '../privacy/narrowing-store';
import { openTestDatabase } from '../test-service';
import type { Period } from './stats-store';
import { gradeMonthsByUserIds, hardestSendsByUserIds, statsByUserIds } from './stats-store';
import { recomputeBuckets, recomputeGradeMonths, recomputeHardestSends, recomputeStats, storedBuckets } from './test-stats-recompute';

// The aggregates stay exact whatever wrote: random writes through the logbook's stores (seeded, so
// a failure replays), then every bucket and every stats answer against a full recomputation.

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const db = (): UsersDb => database.db;

beforeAll(async () => {
  database = await openTestDatabase('users_stats_exactness');
}, 60_000);
afterAll(() => database?.close());

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

const NARROWINGS: (Visibility | null)[] = [null, null, 'PUBLIC', 'FOLLOWERS', 'PRIVATE'];
const STYLES = ['FLASH', 'ONSIGHT', 'REDPOINT', 'REPEAT', 'ATTEMPT', null] as const;
/** Routes, each with the grade a backfill would freeze (some climbs are logged without one). */
const ROUTES = Array.from({ length: 12 }, (_, i) => ({
  routeId: crypto.randomUUID(),
  gradeId: crypto.randomUUID(),
  gradeScale: 100 + (i % 6) * 20,
  discipline: (i % 3 === 2 ? 'ROPE' : 'BOULDER') as Discipline,
  gymId: crypto.randomUUID(),
}));

/** Somewhen in 2024–2025, to the millisecond. */
const someTime = (r: ReturnType<typeof prng>) => new Date(Date.UTC(2024, 0, 1) + r.int(730 * 86_400_000));

async function newUser(name: string) {
  const [user] = await db().insert(schema.users).values({ email: `${name}@example.com`, username: name }).returning();
  return user!.id;
}

function climbValues(r: ReturnType<typeof prng>, sessionId: string) {
  const route = r.pick(ROUTES);
  const graded = r.next() < 0.85;
  return {
    sessionId,
    routeId: route.routeId,
    attempts: 1 + r.int(5),
    sent: r.next() < 0.6,
    style: r.pick(STYLES),
    visibility: r.pick(NARROWINGS),
    ...(graded ? { gradeId: route.gradeId, gradeScale: route.gradeScale, discipline: route.discipline, gymId: route.gymId } : {}),
  };
}

function sessionValues(r: ReturnType<typeof prng>, userId: string) {
  const startTime = someTime(r);
  const endTime = r.next() < 0.8 ? new Date(startTime.getTime() + r.int(4 * 3_600_000)) : null;
  return { userId, gymId: crypto.randomUUID(), startTime, endTime, visibility: r.pick(NARROWINGS) };
}

/** `operations` random writes of the logbook's kinds over `userIds`. */
async function randomWrites(r: ReturnType<typeof prng>, userIds: string[], operations: number) {
  const sessionIds = async () => (await db().select({ id: schema.sessions.id }).from(schema.sessions)).map((row) => row.id);
  const climbIds = async () => (await db().select({ id: schema.climbs.id }).from(schema.climbs)).map((row) => row.id);
  // The buckets' earliest sends and their sessions: the writes that make a bucket recount its earliest.
  const firstSends = async () =>
    await db()
      .select({ id: schema.climbs.id, sessionId: schema.climbs.sessionId, startTime: schema.sessions.startTime })
      .from(schema.climberGradeMonths)
      .innerJoin(schema.climbs, eq(schema.climbs.id, schema.climberGradeMonths.firstSendId))
      .innerJoin(schema.sessions, eq(schema.sessions.id, schema.climbs.sessionId));
  /** Half the time one of the buckets' earliest sends, else any climb. */
  const someClimb = async () => {
    const firsts = await firstSends();
    if (firsts.length > 0 && r.next() < 0.5) return r.pick(firsts).id;
    const climbs = await climbIds();
    return climbs.length > 0 ? r.pick(climbs) : null;
  };
  for (let i = 0; i < operations; i++) {
    const roll = r.next();
    const sessions = await sessionIds();
    if (roll < 0.12 || sessions.length === 0) {
      await insertSession(db(), sessionValues(r, r.pick(userIds)));
    } else if (roll < 0.45) {
      // logClimb: the session locked, then the climb, in one transaction.
      const sessionId = r.pick(sessions);
      await db().transaction(async (tx) => {
        if (await lockSession(tx, sessionId)) await insertClimbs(tx, [climbValues(r, sessionId)]);
      });
    } else if (roll < 0.6) {
      const climb = await someClimb();
      if (climb) {
        const patch = r.pick([{ attempts: 1 + r.int(6) }, { sent: r.next() < 0.5 }, { style: r.pick(STYLES) }, { visibility: r.pick(NARROWINGS) }, { notes: 'edited' }]);
        await updateClimb(db(), climb, patch);
      }
    } else if (roll < 0.68) {
      const climb = await someClimb();
      if (climb) await deleteClimb(db(), climb);
    } else if (roll < 0.74) {
      // An earliest send's session moved within its month (the counts stay, the order changes), or another session moved before it.
      const firsts = await firstSends();
      const first = firsts.length > 0 ? r.pick(firsts) : null;
      if (first) {
        const monthStart = Date.UTC(first.startTime.getUTCFullYear(), first.startTime.getUTCMonth(), 1);
        const startTime = new Date(monthStart + r.int(28 * 86_400_000));
        await updateSession(db(), r.next() < 0.5 ? first.sessionId : r.pick(sessions), { startTime, endTime: null });
      }
    } else if (roll < 0.85) {
      // Session edits: moved (often to another month), ended, narrowed or widened, renamed.
      const start = someTime(r);
      const patch = r.pick([
        { startTime: start, endTime: new Date(start.getTime() + r.int(7_200_000)) },
        { endTime: new Date(Date.UTC(2026, 0, 1) + r.int(86_400_000)) },
        { visibility: r.pick(NARROWINGS) },
        { name: 'renamed' },
      ]);
      await updateSession(db(), r.pick(sessions), patch);
    } else if (roll < 0.93) {
      await deleteSession(db(), r.pick(sessions));
    } else if (roll < 0.97) {
      // An import: sessions in one multi-row insert, their climbs in one, in one transaction.
      const userId = r.pick(userIds);
      await db().transaction(async (tx) => {
        const rows = await tx.insert(schema.sessions).values([sessionValues(r, userId), sessionValues(r, userId), sessionValues(r, userId)]).returning();
        await insertClimbs(tx, rows.flatMap((row) => Array.from({ length: 1 + r.int(8) }, () => climbValues(r, row.id))));
      });
    } else {
      // The grade backfill freezes the grades of the climbs logged without one.
      await fillClimbGrades(db(), ROUTES);
    }
  }
}

const ALLOWED: Allowed[] = [null, ['PUBLIC', 'FOLLOWERS'], ['PUBLIC']];
const PERIODS: Period[] = [
  { from: null, to: null },
  // Cuts a month at each end.
  { from: new Date('2024-03-15T12:34:56.789Z'), to: new Date('2025-06-10T08:00:00Z') },
  // Whole months only.
  { from: new Date('2024-05-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z') },
  // Inside one month; across a month's end without a whole month.
  { from: new Date('2025-02-03T00:00:00Z'), to: new Date('2025-02-20T00:00:00Z') },
  { from: new Date('2024-10-20T00:00:00Z'), to: new Date('2024-11-10T00:00:00Z') },
  { from: new Date('2024-08-31T23:00:00Z'), to: null },
  { from: null, to: new Date('2025-01-07T12:00:00Z') },
];

const byUser = <T extends { userId: string }>(rows: T[]) => [...rows].sort((a, b) => a.userId.localeCompare(b.userId));
const gradeKey = (row: { userId: string; month: string; gradeId: string }) => `${row.userId}|${row.month}|${row.gradeId}`;

/** Every bucket (with its earliest send), and every stats answer for the climber, a follower and a stranger over each period, against a recount. */
async function expectExact(userIds: string[]) {
  const [stored, recomputed] = [await storedBuckets(db()), await recomputeBuckets(db())];
  expect(stored.months).toEqual(recomputed.months);
  expect(stored.grades).toEqual(recomputed.grades);
  for (const allowed of ALLOWED) {
    for (const period of PERIODS) {
      const recount = byUser(await recomputeStats(db(), userIds, period, allowed));
      const rows = byUser(await statsByUserIds(db(), userIds, period, allowed));
      // A climber whose buckets were emptied by deletes may answer a row of zeros where the recount has none: the same answer.
      const nonEmpty = rows.filter((row) => recount.some((r) => r.userId === row.userId));
      for (const row of rows.filter((row) => !nonEmpty.includes(row))) expect(Object.values({ ...row, userId: 0 }).every((n) => n === 0)).toBe(true);
      expect(nonEmpty, JSON.stringify({ allowed, period })).toEqual(recount.map((row) => ({ ...row, durationMs: Number(row.durationMs) })));
      for (const discipline of ['BOULDER', 'ROPE'] as const) {
        const grades = (await gradeMonthsByUserIds(db(), userIds, discipline, period, allowed)).sort((a, b) => gradeKey(a).localeCompare(gradeKey(b)));
        const gradesRecount = (await recomputeGradeMonths(db(), userIds, discipline, period, allowed)).sort((a, b) => gradeKey(a).localeCompare(gradeKey(b)));
        expect(grades, JSON.stringify({ allowed, period, discipline })).toEqual(gradesRecount);
        const hardest = byUser(await hardestSendsByUserIds(db(), userIds, discipline, period, allowed));
        expect(hardest, JSON.stringify({ allowed, period, discipline })).toEqual(byUser(await recomputeHardestSends(db(), userIds, discipline, period, allowed)));
      }
    }
  }
}

describe('the stats aggregates', () => {
  it('match a full recomputation after random writes, an account deletion and the grade backfill', async () => {
    const r = prng(20);
    const userIds = [await newUser('ada'), await newUser('bo'), await newUser('cy')];
    await randomWrites(r, userIds, 150);
    await expectExact(userIds);
    // An account deletion takes the climber's sessions, climbs and buckets with it.
    await deleteUser(db(), userIds[2]!);
    await randomWrites(r, userIds.slice(0, 2), 150);
    await fillClimbGrades(db(), ROUTES);
    await expectExact(userIds);
    expect((await storedBuckets(db())).months.some((row) => row['user_id'] === userIds[2])).toBe(false);
  }, 300_000);
});

describe.skipIf(!testDatabaseUrl())('concurrent writers (skipped without TEST_DATABASE_URL)', () => {
  it('leave exact aggregates, two climbers at once and one climber at once', async () => {
    const r = prng(7);
    const pair = [await newUser('dee'), await newUser('eli')];
    const sessions = await Promise.all(pair.flatMap((userId) => [insertSession(db(), sessionValues(r, userId)), insertSession(db(), sessionValues(r, userId))]));
    // Many writers at once on a pool of connections: logClimb-like inserts, session moves (taking
    // their climbs along), climb edits and deletes, over two climbers and then over one.
    const writes = (sessionIds: string[]) =>
      Array.from({ length: 60 }, async (_, i) => {
        const sessionId = sessionIds[i % sessionIds.length]!;
        if (i % 4 === 3) {
          await updateSession(db(), sessionId, { startTime: someTime(r), endTime: null, visibility: r.pick(NARROWINGS) });
        } else {
          const [climb] = await insertClimbs(db(), [climbValues(r, sessionId)]);
          if (i % 3 === 0) await updateClimb(db(), climb!.id, { sent: true, visibility: r.pick(NARROWINGS) });
          if (i % 5 === 0) await deleteClimb(db(), climb!.id);
        }
      });
    await Promise.all(writes(sessions.map((session) => session.id)));
    await Promise.all(writes(sessions.filter((session) => session.userId === pair[0]).map((session) => session.id)));
    await expectExact(pair);
  }, 120_000);
});
