import type { Auth } from '@clmb/testkit';
import { dataOf } from '@clmb/testkit';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executeRows } from '../db';
import { socialLimits } from './social';
import { type Mutation, type SocialService, startSocialService } from './test-social';

// Writes of one pair sent at once end in one consistent state, and the kept counts stay exact
// (on PGlite they run one after the other; with TEST_DATABASE_URL, truly at once).

let s: SocialService;
const defaults = { ...socialLimits };
beforeAll(async () => {
  s = await startSocialService('users_social_races');
  socialLimits.writesPerHour = 100_000;
}, 120_000);
afterAll(async () => {
  // The limits are the module's, shared by every test file a worker runs after this one.
  Object.assign(socialLimits, defaults);
  await s?.stop();
});
afterEach(() => Object.assign(socialLimits, defaults, { writesPerHour: 100_000 }));

const codes = (responses: { errors?: { extensions?: Record<string, unknown> }[] }[]) => responses.map((r) => r.errors?.[0]?.extensions?.['code'] ?? 'OK');
const pairState = async (a: Auth, b: Auth) =>
  (
    await executeRows<{ follows: number; requests: number; blocks: number }>(
      s.db,
      sql`select (select count(*)::int from users.follow where (follower_id, followee_id) in ((${a.user.id}::uuid, ${b.user.id}::uuid), (${b.user.id}::uuid, ${a.user.id}::uuid))) as follows,
                 (select count(*)::int from users.follow_request where (requester_id, target_id) in ((${a.user.id}::uuid, ${b.user.id}::uuid), (${b.user.id}::uuid, ${a.user.id}::uuid))) as requests,
                 (select count(*)::int from users.block where (blocker_id, blocked_id) in ((${a.user.id}::uuid, ${b.user.id}::uuid), (${b.user.id}::uuid, ${a.user.id}::uuid))) as blocks`,
    )
  )[0];

describe('racing writes of one pair', () => {
  it('never leaves a follow or a request beside a block', async () => {
    for (let i = 0; i < 8; i++) {
      const [a, b] = [await s.climber(), await s.climber(i % 2 ? 'PUBLIC' : 'FOLLOWERS')];
      await Promise.all([s.send('follow', a, b.user.id), s.send('block', b, a.user.id), s.send('follow', b, a.user.id)]);
      expect(await pairState(a, b)).toEqual({ follows: 0, requests: 0, blocks: 1 });
    }
  });

  it('follows once when the same follow is sent five times at once', async () => {
    const [a, b] = [await s.climber(), await s.climber('PUBLIC')];
    const responses = await Promise.all(Array.from({ length: 5 }, () => s.send('follow', a, b.user.id)));
    expect(codes(responses).sort()).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'OK']);
    expect(dataOf(await s.profile(a, b, 'followerCount')).user.followerCount).toBe(1);
  });

  it('accepts once when a request is accepted three times at once', async () => {
    const [a, b] = [await s.climber(), await s.climber()];
    await s.act('follow', a, b);
    const responses = await Promise.all(Array.from({ length: 3 }, () => s.send('acceptFollow', b, a.user.id)));
    expect(codes(responses).sort()).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'OK']);
    expect(await pairState(a, b)).toEqual({ follows: 1, requests: 0, blocks: 0 });
    expect(await s.notifications(a)).toHaveLength(1);
  });

  it('counts every one of many climbers following one at once', async () => {
    const star = await s.climber('PUBLIC');
    const fans = await Promise.all(Array.from({ length: 10 }, () => s.climber()));
    expect(codes(await Promise.all(fans.map((fan) => s.send('follow', fan, star.user.id))))).toEqual(Array(10).fill('OK'));
    expect(dataOf(await s.profile(star, star, 'followerCount')).user.followerCount).toBe(10);
  });

  it('keeps the following cap when one climber follows many at once', async () => {
    socialLimits.maxFollowing = 3;
    const fan = await s.climber();
    const stars = await Promise.all(Array.from({ length: 6 }, (_, i) => s.climber(i % 2 ? 'PUBLIC' : 'FOLLOWERS')));
    const responses = await Promise.all(stars.map((star) => s.send('follow', fan, star.user.id)));
    expect(codes(responses).filter((code) => code === 'OK')).toHaveLength(3);
  });
});

describe('the kept counts', () => {
  it('equal a count of the follows after random writes, some at once', async () => {
    const climbers = await Promise.all(Array.from({ length: 6 }, (_, i) => s.climber(i % 3 === 0 ? 'PUBLIC' : 'FOLLOWERS')));
    const mutations: Mutation[] = ['follow', 'follow', 'follow', 'acceptFollow', 'acceptFollow', 'unfollow', 'removeFollower', 'declineFollow', 'block', 'unblock'];
    // A fixed generator, so that a failure can be replayed.
    let seed = 19;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const write = () => {
      const a = climbers[random(climbers.length)]!;
      const b = climbers[random(climbers.length)]!;
      return s.send(mutations[random(mutations.length)]!, a, b.user.id);
    };
    for (let round = 0; round < 30; round++) await Promise.all([write(), write(), write()]);
    const { kept, counted } = await s.counts();
    expect(counted.length).toBeGreaterThan(0);
    expect(kept).toEqual(counted);
  });
});
