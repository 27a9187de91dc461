import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../accounts/user-store';
import { schema } from '../db';
import { openTestDatabase } from '../test-service';
import { ascentsByRouteIds } from './ascent-store';
import { activityByGymIds } from './gym-fields-store';
import { UNLISTED_DELAY_DAYS } from './public-counts';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const gymId = randomUUID();
const routeId = randomUUID();
const DAY = 86_400_000;
/** The start (UTC) of the day `days` days before today. */
const midnight = (days: number) => new Date(Math.floor(Date.now() / DAY) * DAY - days * DAY);

/** A climber with one session and one sent climb at the gym, written at `writtenAt`. */
async function climber(name: string, writtenAt: Date, optedIn: boolean) {
  const user = await insertUser(database.db, { email: `${name}@example.com`, username: name, passwordHash: null, role: 'CLIMBER', googleId: null });
  const { db } = database;
  await db.insert(schema.preferences).values({ userId: user.id, showOnLeaderboards: optedIn });
  const [session] = await db.insert(schema.sessions).values({ userId: user.id, gymId, startTime: new Date(), createdAt: writtenAt }).returning();
  await db.insert(schema.climbs).values({ sessionId: session!.id, routeId, gymId, attempts: 1, sent: true, createdAt: writtenAt });
}

const counts = async () => {
  const windows = { sessionDays: 7, climberDays: 30, unlistedDelayDays: UNLISTED_DELAY_DAYS };
  const [activity] = await activityByGymIds(database.db, [gymId], windows);
  const [ascents] = await ascentsByRouteIds(database.db, [routeId], UNLISTED_DELAY_DAYS);
  return { sessions: activity?.sessions ?? 0, climbers: ascents?.climberCount ?? 0 };
};

beforeAll(async () => {
  database = await openTestDatabase('users_public_counts');
});
afterAll(() => database?.close());

describe('public counts of climbers who did not opt in (docs/api.md)', () => {
  it('counts what they logged only from the second midnight (UTC) after, an opted-in climber at once', async () => {
    await climber('today', new Date(), false);
    await climber('yesterday', new Date(midnight(1).getTime() + 1_000), false);
    expect(await counts()).toEqual({ sessions: 0, climbers: 0 });
    await climber('daybefore', new Date(midnight(1).getTime() - 1_000), false);
    expect(await counts()).toEqual({ sessions: 1, climbers: 1 });
    await climber('public', new Date(), true);
    expect(await counts()).toEqual({ sessions: 2, climbers: 2 });
  });
});
