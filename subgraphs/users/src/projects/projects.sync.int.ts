import { testDatabaseUrl } from '@clmb/testkit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, schema, type UsersDb } from '../db';
import * as climbs from '../logbook/climbs';
import * as sessions from '../logbook/sessions';
import { openTestDatabase, testContext } from '../test-service';
import { syncProjectSends } from './projects';

// A project's send follows the logbook however the climb changed since the request read it: each
// test reads the climb into one request's loaders (as ownClimb does, outside the transaction),
// changes it in another request, then writes through the first.

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const db = () => database.db;

beforeAll(async () => {
  database = await openTestDatabase('users_projects_sync');
}, 60_000);
afterAll(() => database?.close());

/** A climber with a session, one climb on a route (sent or not) and a project on that route, synced. */
async function climberWithProject(sent: boolean) {
  const [user] = await db()
    .insert(schema.users)
    .values({ email: `${crypto.randomUUID()}@example.com`, username: `u${crypto.randomUUID().slice(0, 8)}` })
    .returning();
  const userId = user!.id;
  const routeId = crypto.randomUUID();
  const [session] = await db().insert(schema.sessions).values({ userId, gymId: crypto.randomUUID() }).returning();
  const [climb] = await db().insert(schema.climbs).values({ sessionId: session!.id, routeId, attempts: 1, sent }).returning();
  await db().insert(schema.projects).values({ userId, routeId, position: 1 });
  await syncProjectSends(db(), userId, [routeId]);
  const ctx = () => withViewer(userId);
  return { userId, routeId, sessionId: session!.id, climbId: climb!.id, ctx };
}

const withViewer = (userId: string) => Object.assign(testContext(db()), { viewer: { id: userId, role: 'CLIMBER' as const } });

const sentAt = async (userId: string) => (await db().select({ sentAt: schema.projects.sentAt }).from(schema.projects).where(eq(schema.projects.userId, userId)))[0]?.sentAt ?? null;

/** Request `stale` has read the climb as it was; request `other` then changes it. */
async function staleRead(fixture: Awaited<ReturnType<typeof climberWithProject>>) {
  const stale = fixture.ctx();
  expect((await stale.loaders.climbById.load(fixture.climbId))?.id).toBe(fixture.climbId);
  return { stale, other: fixture.ctx() };
}

describe('the project follows the climb as it is in the transaction, not as the request read it', () => {
  it('deleteClimb of a climb another request has just made a send: the project is no longer SENT', async () => {
    const f = await climberWithProject(false);
    const { stale, other } = await staleRead(f);
    await climbs.updateClimb(other, { id: f.climbId, sent: true });
    expect(await sentAt(f.userId)).not.toBeNull();
    await climbs.deleteClimb(stale, { id: f.climbId });
    expect(await sentAt(f.userId)).toBeNull();
  });

  it('updateClimb no longer a send, after another request made it one: the project is no longer SENT', async () => {
    const f = await climberWithProject(false);
    const { stale, other } = await staleRead(f);
    await climbs.updateClimb(other, { id: f.climbId, sent: true });
    expect(await sentAt(f.userId)).not.toBeNull();
    expect((await climbs.updateClimb(stale, { id: f.climbId, sent: false })).sent).toBe(false);
    expect(await sentAt(f.userId)).toBeNull();
  });

  it('updateClimb a send, after another request made it none: the project is SENT', async () => {
    const f = await climberWithProject(true);
    const { stale, other } = await staleRead(f);
    await climbs.updateClimb(other, { id: f.climbId, sent: false });
    expect(await sentAt(f.userId)).toBeNull();
    await climbs.updateClimb(stale, { id: f.climbId, sent: true });
    expect(await sentAt(f.userId)).not.toBeNull();
  });
});

// PGlite answers one statement at a time: writes cannot meet there, so this needs TEST_DATABASE_URL.
describe.skipIf(!testDatabaseUrl())('two writes of one route at once (skipped without TEST_DATABASE_URL)', () => {
  /** Waits until a connection waits for a lock: the second write has read the logbook and is blocked. */
  async function someoneWaitsForALock() {
    const waiting = sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`;
    while (((await executeRows<{ n: number }>(db(), waiting))[0]?.n ?? 0) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Runs `write` in a transaction kept open, once `write` is done, until `release` is called. */
  async function heldOpen(write: (tx: UsersDb) => Promise<void>) {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = () => {};
    const done = new Promise<void>((resolve) => {
      written = resolve;
    });
    const committed = db().transaction(async (tx) => {
      await write(tx);
      written();
      await held;
    });
    await done;
    return { release, committed };
  }

  it('two sends of one route deleted at once, in two sessions: the project is no longer SENT', async () => {
    const f = await climberWithProject(true);
    const [second] = await db().insert(schema.sessions).values({ userId: f.userId, gymId: crypto.randomUUID() }).returning();
    const [other] = await db().insert(schema.climbs).values({ sessionId: second!.id, routeId: f.routeId, attempts: 1, sent: true }).returning();
    // The first delete, as deleteClimb writes it, kept open until the second is under way.
    const one = await heldOpen(async (tx) => {
      await tx.delete(schema.climbs).where(eq(schema.climbs.id, f.climbId));
      await syncProjectSends(tx, f.userId, [f.routeId]);
    });
    const two = climbs.deleteClimb(f.ctx(), { id: other!.id });
    await someoneWaitsForALock();
    one.release();
    await Promise.all([one.committed, two]);
    expect(await sentAt(f.userId)).toBeNull();
  });

  it('deleteSession while another request makes its climb a send: the project is no longer SENT', async () => {
    const f = await climberWithProject(false);
    // updateClimb making the climb a send, kept open until deleteSession is under way.
    const one = await heldOpen(async (tx) => {
      await tx.update(schema.climbs).set({ sent: true }).where(eq(schema.climbs.id, f.climbId));
      await syncProjectSends(tx, f.userId, [f.routeId]);
    });
    const two = sessions.deleteSession(f.ctx(), { id: f.sessionId });
    await someoneWaitsForALock();
    one.release();
    await Promise.all([one.committed, two]);
    expect(await sentAt(f.userId)).toBeNull();
  });
});
