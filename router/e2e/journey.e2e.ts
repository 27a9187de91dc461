import { maskIds } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

const LOGBOOK = /* GraphQL */ `
  query Logbook {
    me {
      username
      stats { sessionCount climbCount sendCount totalDuration }
      sessions(first: 10) {
        totalCount
        pageInfo { hasNextPage }
        edges {
          node {
            name
            startTime
            endTime
            duration
            mood
            gym { name city gradeSystem { name } }
            climbs {
              attempts
              sent
              style
              route { colour name grade { value difficultyOrder } gym { slug } }
            }
          }
        }
      }
    }
  }
`;

describe('the climber journey through the router', () => {
  let sg: Supergraph;
  beforeAll(async () => {
    sg = await startSupergraph();
  });
  afterAll(() => sg?.stop());

  it('signs up, logs a session of climbs at a gym and reads it back in one query across both subgraphs', async () => {
    const admin = await sg.build.logIn('admin@clmb.dev');
    const { gymId, routeIds } = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'the-foundry', routeCount: 3 });

    const climber = await sg.build.user({ username: 'alex' });
    const token = climber.accessToken;

    const started = await sg.request(
      /* GraphQL */ `mutation StartSession($input: StartSessionInput!) {
        startSession(input: $input) { id name endTime duration gym { id name } }
      }`,
      { input: { gymId, name: 'Evening bouldering', startTime: '2026-11-27T18:00:00.000Z' } },
      token,
    );
    expect(maskIds(started)).toEqual({
      status: 200,
      data: {
        startSession: { id: '<uuid>', name: 'Evening bouldering', endTime: null, duration: null, gym: { id: '<uuid>', name: 'Gym the-foundry' } },
      },
    });
    const sessionId = started.data!['startSession'].id as string;

    const climbs = [
      { routeId: routeIds[0], attempts: 1, sent: true, style: 'FLASH' },
      { routeId: routeIds[1], attempts: 4, sent: true, style: 'REDPOINT', notes: 'heel hook at the top' },
      { routeId: routeIds[2], attempts: 6, sent: false, style: 'ATTEMPT' },
    ];
    for (const climb of climbs) {
      const logged = await sg.request(
        /* GraphQL */ `mutation LogClimb($input: LogClimbInput!) { logClimb(input: $input) { id attempts sent style } }`,
        { input: { sessionId, ...climb } },
        token,
      );
      expect(logged.errors).toBeUndefined();
    }

    const ended = await sg.request(
      /* GraphQL */ `mutation EndSession($input: EndSessionInput!) { endSession(input: $input) { endTime duration } }`,
      { input: { id: sessionId, endTime: '2026-11-27T19:30:00.000Z', mood: 'GOOD' } },
      token,
    );
    expect(ended.data).toEqual({ endSession: { endTime: '2026-11-27T19:30:00.000Z', duration: 'PT1H30M' } });

    const logbook = await sg.request(LOGBOOK, {}, token);
    expect(logbook).toEqual({
      status: 200,
      data: {
        me: {
          username: 'alex',
          stats: { sessionCount: 1, climbCount: 3, sendCount: 2, totalDuration: 'PT1H30M' },
          sessions: {
            totalCount: 1,
            pageInfo: { hasNextPage: false },
            edges: [
              {
                node: {
                  name: 'Evening bouldering',
                  startTime: '2026-11-27T18:00:00.000Z',
                  endTime: '2026-11-27T19:30:00.000Z',
                  duration: 'PT1H30M',
                  mood: 'GOOD',
                  gym: { name: 'Gym the-foundry', city: 'Sheffield', gradeSystem: { name: 'V-scale the-foundry' } },
                  climbs: [
                    { attempts: 1, sent: true, style: 'FLASH', route: { colour: 'yellow', name: 'Route 0', grade: { value: 'VB', difficultyOrder: 0 }, gym: { slug: 'the-foundry' } } },
                    { attempts: 4, sent: true, style: 'REDPOINT', route: { colour: 'blue', name: 'Route 1', grade: { value: 'V0', difficultyOrder: 1 }, gym: { slug: 'the-foundry' } } },
                    { attempts: 6, sent: false, style: 'ATTEMPT', route: { colour: 'red', name: 'Route 2', grade: { value: 'V1', difficultyOrder: 2 }, gym: { slug: 'the-foundry' } } },
                  ],
                },
              },
            ],
          },
        },
      },
    });
  });

  it('keeps the logbook whole after its gym is archived and its routes are stripped', async () => {
    const admin = await sg.build.logIn('admin@clmb.dev');
    const { gymId, routeIds } = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'closing-down', routeCount: 1 });
    const { accessToken } = await sg.build.user({ username: 'loyal' });
    const session = await sg.build.session(accessToken, { gymId });
    await sg.build.climb(accessToken, { sessionId: session.id, routeId: routeIds[0]!, attempts: 1, sent: true, style: 'FLASH' });
    // The builders fail the test if the API refuses the strip or the archive.
    await sg.build.stripRoute(admin.accessToken, routeIds[0]!);
    await sg.build.archiveGym(admin.accessToken, gymId);

    const logbook = await sg.request(
      /* GraphQL */ `query Logbook { me { sessions { edges { node {
        gym { slug archivedAt } climbs { style route { name strippedAt } }
      } } } } }`,
      {},
      accessToken,
    );
    const node = logbook.data!['me'].sessions.edges[0].node;
    expect(logbook.errors).toBeUndefined();
    expect(node).toEqual({
      gym: { slug: 'closing-down', archivedAt: expect.any(String) },
      climbs: [{ style: 'FLASH', route: { name: 'Route 0', strippedAt: expect.any(String) } }],
    });
  });

  it('keeps a login alive with rotating refresh tokens and ends it with logOut', async () => {
    const { refreshToken } = await sg.build.user({ username: 'rotator' });
    const REFRESH = /* GraphQL */ `mutation RefreshToken($input: RefreshTokenInput!) {
      refreshToken(input: $input) { accessToken refreshToken user { username } }
    }`;
    const rotated = await sg.request(REFRESH, { input: { refreshToken } });
    expect(rotated.data!['refreshToken'].user).toEqual({ username: 'rotator' });
    const next = rotated.data!['refreshToken'].refreshToken as string;
    expect(next).not.toBe(refreshToken);

    const me = await sg.request(/* GraphQL */ `query Me { me { username email } }`, {}, rotated.data!['refreshToken'].accessToken);
    expect(me.data).toEqual({ me: { username: 'rotator', email: 'rotator@example.com' } });

    const LOG_OUT = /* GraphQL */ `mutation LogOut($input: LogOutInput!) { logOut(input: $input) }`;
    expect((await sg.request(LOG_OUT, { input: { refreshToken: next } })).data).toEqual({ logOut: true });
    const afterLogOut = await sg.request(REFRESH, { input: { refreshToken: next } });
    expect(afterLogOut.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('answers me with null when no token is sent', async () => {
    expect(await sg.request(/* GraphQL */ `query Me { me { id } }`)).toEqual({ status: 200, data: { me: null } });
  });
});
