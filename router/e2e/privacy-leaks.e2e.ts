import { type Auth, dataOf, type GraphQLResponse, type GymWithRoutes } from '@clmb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupergraph, type Supergraph } from './supergraph';

// Issue 19's leak suite: every field that shows another climber's data, read through the router by
// each kind of reader of a PUBLIC, a FOLLOWERS and a PRIVATE climber. The expected outcomes are
// docs/api.md's "Privacy" table (and the sections it points to) for this fixture, one matrix, so a
// failure names field × reader × visibility.

const VISIBILITIES = ['PUBLIC', 'FOLLOWERS', 'PRIVATE'] as const;
type Visibility = (typeof VISIBILITIES)[number];
const READERS = ['owner', 'admin', 'follower', 'stranger', 'blocked', 'blocker', 'anonymous'] as const;
type Reader = (typeof READERS)[number];

/** One climber whose data is read, with their ids under the labels the outcomes use. */
interface Owner {
  auth: Auth;
  /** `open` (not narrowed), `followers` (narrowed FOLLOWERS), `private` (narrowed PRIVATE). */
  sessions: Record<'open' | 'followers' | 'private', string>;
  /** What each session and climb id stands for: climbs `send` and `hidden` (narrowed PRIVATE) in `open`, `inFollowers`, `inPrivate`. */
  labels: Map<string, string>;
  /** The owner's feed items: id → what it is about (`SESSION_ENDED:open`). */
  feedItems: Map<string, string>;
}

const mutation = (name: string, input: string, selection = 'id') =>
  /* GraphQL */ `mutation M($input: ${input}!) { ${name}(input: $input) { ${selection} } }`;

/** The same outcome for every owner's visibility. */
const each = (outcome: string): [string, string, string] => [outcome, outcome, outcome];
const NO_USER = 'no user';
const FORBIDDEN = 'FORBIDDEN';
/** A field the router takes out of an anonymous query (`@authenticated`). */
const TAKEN_OUT = 'UNAUTHORIZED_FIELD_OR_TYPE';
/** An anonymous query with no field left: HTTP 401. */
const REFUSED = 'UNAUTHENTICATED';
/** Every feed item of an owner: the hidden climb's and the private session's too. */
const ALL_ITEMS =
  'FIRST_SEND_OF_GRADE:send HARDEST_SEND:hidden HARDEST_SEND:inPrivate RATING_COMMENT:rating SESSION_ENDED:followers SESSION_ENDED:open SESSION_ENDED:private';
const FOLLOWER_ITEMS = 'FIRST_SEND_OF_GRADE:send RATING_COMMENT:rating SESSION_ENDED:followers SESSION_ENDED:open';
const PUBLIC_ITEMS = 'FIRST_SEND_OF_GRADE:send RATING_COMMENT:rating SESSION_ENDED:open';
/** Counts on routes and gyms: everyone's, the same for every reader, with how many of them are not public. */
const COUNTS = 'ratings 3 +2, climbers 3 +2, sends 3, projects 3, sessions 9 +8, climbers 3 +2';
const OWNER_FOLLOWS = 'followers admin reader_follower (2), following reader_follower (1)';
const SENT_PROJECT = '2 projects, inPrivate: SENT sent 1/1';
/** The send and its tries are in a session narrowed PRIVATE: not seen, not counted. */
const UNSENT_PROJECT = '2 projects, inPrivate: ACTIVE not sent 0/0';
const COUNTS_ONLY = 'followers null (2), following null (1) !FORBIDDEN';

/**
 * What each reader gets of each field, for the owner's PUBLIC, FOLLOWERS and PRIVATE account (see
 * `READ` for how a field is read and put in words). Labels: sessions `open`, `followers` (narrowed
 * FOLLOWERS), `private` (narrowed PRIVATE); climbs `send` and `hidden` (narrowed PRIVATE) in
 * `open`, `inFollowers`, `inPrivate`. `(2 +1)`: two shown, one left out and counted.
 */
const EXPECTED: Record<string, Record<Reader, [string, string, string]>> = {
  'user(id) names': {
    owner: ['named PUBLIC', 'named FOLLOWERS', 'named PRIVATE'],
    admin: ['named PUBLIC', 'named FOLLOWERS', 'named PRIVATE'],
    follower: ['named PUBLIC', 'named FOLLOWERS', 'unnamed PRIVATE'],
    stranger: ['named PUBLIC', 'unnamed FOLLOWERS', 'unnamed PRIVATE'],
    blocked: each(NO_USER),
    blocker: each(NO_USER),
    anonymous: ['named PUBLIC', 'unnamed FOLLOWERS', 'unnamed PRIVATE'],
  },
  'User.sessions': {
    owner: each('private followers open +0'),
    admin: each('private followers open +0'),
    follower: ['followers open +1', 'followers open +1', FORBIDDEN],
    stranger: ['open +2', FORBIDDEN, FORBIDDEN],
    blocked: each(NO_USER),
    blocker: each(NO_USER),
    anonymous: each(TAKEN_OUT),
  },
  'session(id)': {
    owner: each('open followers:FOLLOWERS private:PRIVATE'),
    admin: each('open followers private'),
    follower: ['open followers FORBIDDEN', 'open followers FORBIDDEN', 'FORBIDDEN FORBIDDEN FORBIDDEN'],
    stranger: ['open FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN FORBIDDEN', 'FORBIDDEN FORBIDDEN FORBIDDEN'],
    blocked: each('FORBIDDEN FORBIDDEN FORBIDDEN'),
    blocker: each('FORBIDDEN FORBIDDEN FORBIDDEN'),
    anonymous: each(REFUSED),
  },
  'Session.climbs, summary': {
    owner: each('send hidden:PRIVATE | 2 +0, hardest hidden'),
    admin: each('send hidden | 2 +0, hardest hidden'),
    follower: ['send | 1 +1, hardest send', 'send | 1 +1, hardest send', FORBIDDEN],
    stranger: ['send | 1 +1, hardest send', FORBIDDEN, FORBIDDEN],
    blocked: each(FORBIDDEN),
    blocker: each(FORBIDDEN),
    anonymous: each(REFUSED),
  },
  'User.stats': {
    owner: each('3 +0 sessions, 4 +0 climbs, hardest inPrivate, 4 in the pyramid'),
    admin: each('3 +0 sessions, 4 +0 climbs, hardest inPrivate, 4 in the pyramid'),
    follower: ['2 +1 sessions, 2 +2 climbs, hardest send, 2 in the pyramid', '2 +1 sessions, 2 +2 climbs, hardest send, 2 in the pyramid', FORBIDDEN],
    stranger: ['1 +2 sessions, 1 +3 climbs, hardest send, 1 in the pyramid', FORBIDDEN, FORBIDDEN],
    blocked: each(NO_USER),
    blocker: each(NO_USER),
    anonymous: each(TAKEN_OUT),
  },
  // Two projects; the one on the route sent only in the `private` session (`inPrivate`): status, sentAt, attempts/sessions.
  'User.projects': {
    owner: each(SENT_PROJECT),
    admin: each(SENT_PROJECT),
    follower: [UNSENT_PROJECT, UNSENT_PROJECT, FORBIDDEN],
    stranger: [UNSENT_PROJECT, FORBIDDEN, FORBIDDEN],
    blocked: each(NO_USER),
    blocker: each(NO_USER),
    anonymous: each(TAKEN_OUT),
  },
  // The owner's own rating on route 0, and (shown +left out) of all three owners' ratings there.
  'Route.ratings': {
    owner: ['comment named (1 +2)', 'comment named (2 +1)', 'comment named (2 +1)'],
    admin: each('comment named (3 +0)'),
    follower: ['comment named (2 +1)', 'comment named (2 +1)', 'left out (2 +1)'],
    stranger: ['comment named (1 +2)', 'left out (1 +2)', 'left out (1 +2)'],
    blocked: each('left out (0 +3)'),
    blocker: each('left out (0 +3)'),
    anonymous: ['comment named (1 +2)', 'left out (1 +2)', 'left out (1 +2)'],
  },
  // The owner's entry and (shown +left out) of the three owners' entries. An entry scores only the sends
  // that do not narrow the account (PUBLIC: \`send\`; FOLLOWERS: \`send\`, \`inFollowers\`; PRIVATE: all four).
  'Gym.leaderboard': {
    owner: ['100 points, 1 sends (1 +2)', '100 points, 2 sends (2 +1)', '330 points, 4 sends (2 +1)'],
    admin: ['100 points, 1 sends (3 +0)', '100 points, 2 sends (3 +0)', '330 points, 4 sends (3 +0)'],
    follower: ['100 points, 1 sends (2 +1)', '100 points, 2 sends (2 +1)', 'left out (2 +1)'],
    stranger: ['100 points, 1 sends (1 +2)', 'left out (1 +2)', 'left out (1 +2)'],
    blocked: each('left out (0 +3)'),
    blocker: each('left out (0 +3)'),
    anonymous: ['100 points, 1 sends (1 +2)', 'left out (1 +2)', 'left out (1 +2)'],
  },
  'counts on routes and gyms': {
    owner: each(COUNTS),
    admin: each(COUNTS),
    follower: each(COUNTS),
    stranger: each(COUNTS),
    blocked: each(COUNTS),
    blocker: each(COUNTS),
    anonymous: each(COUNTS),
  },
  'User.followers, following': {
    owner: each(OWNER_FOLLOWS),
    admin: each(OWNER_FOLLOWS),
    follower: [OWNER_FOLLOWS, OWNER_FOLLOWS, COUNTS_ONLY],
    stranger: [OWNER_FOLLOWS, COUNTS_ONLY, COUNTS_ONLY],
    blocked: each(NO_USER),
    blocker: each(NO_USER),
    anonymous: [OWNER_FOLLOWS, COUNTS_ONLY, COUNTS_ONLY],
  },
  // The follower's lists (a PUBLIC account): every owner follows them and is followed by them.
  "a third climber's followers, following": {
    owner: each('followers: listed, following: listed'),
    admin: each('followers: listed, following: listed'),
    follower: each('followers: listed, following: listed'),
    stranger: each('followers: listed, following: listed'),
    blocked: each('followers: left out, following: left out'),
    blocker: each('followers: left out, following: left out'),
    anonymous: each('followers: listed, following: listed'),
  },
  // The owner's items in the reader's own feed (only the follower and the admin follow the owners).
  'me.feed': {
    owner: each('none'),
    admin: each(ALL_ITEMS),
    follower: [FOLLOWER_ITEMS, FOLLOWER_ITEMS, 'none'],
    stranger: each('none'),
    blocked: each('none'),
    blocker: each('none'),
    anonymous: each('null'),
  },
  // Each of the owner's items asked for by id.
  'feedItem(id)': {
    owner: each(ALL_ITEMS),
    admin: each(ALL_ITEMS),
    follower: [FOLLOWER_ITEMS, FOLLOWER_ITEMS, 'none'],
    stranger: [PUBLIC_ITEMS, 'none', 'none'],
    blocked: each('none'),
    blocker: each('none'),
    anonymous: each(REFUSED),
  },
  // The `open` session's SESSION_ENDED item, and the climbs of its session.
  "a feed item's session": {
    owner: each('send hidden +0'),
    admin: each('send hidden +0'),
    follower: ['send +1', 'send +1', 'null'],
    stranger: ['send +1', 'null', 'null'],
    blocked: each('null'),
    blocker: each('null'),
    anonymous: each(REFUSED),
  },
  // The `open` session: kudos from the admin, comments from the admin and (where they may) the follower.
  'Session kudos, comments': {
    owner: ['1 kudos, 2 comments: Strong!, Nice', '1 kudos, 2 comments: Strong!, Nice', '1 kudos, 1 comments: Strong!'],
    admin: ['1 kudos (mine), 2 comments: Strong!, Nice', '1 kudos (mine), 2 comments: Strong!, Nice', '1 kudos (mine), 1 comments: Strong!'],
    follower: ['1 kudos, 2 comments: Strong!, Nice', '1 kudos, 2 comments: Strong!, Nice', FORBIDDEN],
    stranger: ['1 kudos, 2 comments: Strong!, Nice', FORBIDDEN, FORBIDDEN],
    blocked: each(FORBIDDEN),
    blocker: each(FORBIDDEN),
    anonymous: each(REFUSED),
  },
  searchUsers: {
    owner: each('found'),
    admin: each('found'),
    follower: each('found'),
    stranger: each('found'),
    blocked: each('left out'),
    blocker: each('left out'),
    anonymous: each(REFUSED),
  },
  'User.notifications': {
    owner: ['5 unread: COMMENT KUDOS NEW_FOLLOWER', '5 unread: COMMENT FOLLOW_REQUEST KUDOS', '4 unread: COMMENT FOLLOW_REQUEST KUDOS'],
    admin: each(FORBIDDEN),
    follower: each(FORBIDDEN),
    stranger: each(FORBIDDEN),
    blocked: each(NO_USER),
    blocker: each(NO_USER),
    anonymous: each(TAKEN_OUT),
  },
};

describe('privacy: nothing of a climber leaks through the router', () => {
  let sg: Supergraph;
  let gym: GymWithRoutes;
  let admin: Auth;
  const readers = {} as Record<'follower' | 'stranger' | 'blocked' | 'blocker', Auth>;
  const owners = {} as Record<Visibility, Owner>;

  const act = async (name: string, input: string, variables: Record<string, unknown>, who: Auth, selection = 'id') =>
    dataOf(await sg.request(mutation(name, input, selection), { input: variables }, who.accessToken))[name];

  beforeAll(async () => {
    sg = await startSupergraph();
    admin = await sg.build.logIn('admin@clmb.dev');
    // Routes VB, V0, V1 and V2 at one gym.
    gym = await sg.build.gymWithRoutes(admin.accessToken, { slug: 'leak-wall', routeCount: 4 });
    const [r0, r1, r2, r3] = gym.routeIds as [string, string, string, string];
    for (const name of ['follower', 'stranger', 'blocked', 'blocker'] as const) readers[name] = await sg.build.user({ username: `reader_${name}` });
    // The follower's account is PUBLIC, so the owners' follows of them are made at once.
    await act('updatePreferences', 'UpdatePreferencesInput', { visibility: 'PUBLIC' }, readers.follower, 'visibility');

    for (const visibility of VISIBILITIES) {
      const auth = await sg.build.user({ username: `leak_${visibility.toLowerCase()}`, firstName: 'Ada', lastName: visibility });
      await act('updatePreferences', 'UpdatePreferencesInput', { visibility, showOnLeaderboards: true }, auth, 'visibility');
      const session = async (narrowedTo?: Visibility) => (await act('startSession', 'StartSessionInput', { gymId: gym.gymId, visibility: narrowedTo }, auth)).id as string;
      const climb = async (sessionId: string, routeId: string, narrowedTo?: Visibility) =>
        (await act('logClimb', 'LogClimbInput', { sessionId, routeId, attempts: 1, sent: true, visibility: narrowedTo }, auth)).id as string;
      const sessions = { open: await session(), followers: await session('FOLLOWERS'), private: await session('PRIVATE') };
      const climbs = {
        send: await climb(sessions.open, r0),
        hidden: await climb(sessions.open, r1, 'PRIVATE'),
        inFollowers: await climb(sessions.followers, r0),
        inPrivate: await climb(sessions.private, r2),
      };
      for (const id of Object.values(sessions)) await sg.build.endSession(auth.accessToken, id);
      await act('rateRoute', 'RateRouteInput', { routeId: r0, stars: 4, comment: `Crimpy, says ${visibility}` }, auth);
      await act('addProject', 'AddProjectInput', { routeId: r3 }, auth);
      await act('addProject', 'AddProjectInput', { routeId: r2 }, auth);
      await act('follow', 'FollowInput', { userId: readers.follower.user.id }, auth, 'status');
      // The follower and the admin follow the owner (a request, accepted, unless the account is PUBLIC).
      for (const who of [readers.follower, admin]) {
        await act('follow', 'FollowInput', { userId: auth.user.id }, who, 'status');
        if (visibility !== 'PUBLIC') await act('acceptFollow', 'AcceptFollowInput', { userId: who.user.id }, auth);
      }
      await act('block', 'BlockInput', { userId: readers.blocked.user.id }, auth);
      await act('block', 'BlockInput', { userId: auth.user.id }, readers.blocker);
      // Kudos and a comment from the admin (who may see every session), a comment from the follower where they may.
      await act('giveKudos', 'GiveKudosInput', { sessionId: sessions.open }, admin);
      await act('addComment', 'AddCommentInput', { sessionId: sessions.open, body: 'Strong!' }, admin);
      if (visibility !== 'PRIVATE') await act('addComment', 'AddCommentInput', { sessionId: sessions.open, body: 'Nice' }, readers.follower);
      const labels = new Map<string, string>([...Object.entries(sessions), ...Object.entries(climbs)].map(([label, id]) => [id, label]));
      owners[visibility] = { auth, sessions, labels, feedItems: new Map() };
    }
    // The admin follows every owner and may see everything: their feed holds every owner's items.
    const feed = dataOf(
      await sg.request(
        /* GraphQL */ `query { me { feed(first: 50) { edges { node { id kind actor { id } session { id } climb { id } } } } } }`,
        {},
        admin.accessToken,
      ),
    ).me.feed.edges as { node: { id: string; kind: string; actor: { id: string }; session: { id: string } | null; climb: { id: string } | null } }[];
    for (const { node } of feed) {
      const owner = VISIBILITIES.map((v) => owners[v]).find((o) => o.auth.user.id === node.actor.id)!;
      owner.feedItems.set(node.id, `${node.kind}:${owner.labels.get(node.climb?.id ?? node.session?.id ?? '') ?? 'rating'}`);
    }
  }, 180_000);
  afterAll(() => sg?.stop());

  const tokenOf = (reader: Reader, owner: Owner) =>
    reader === 'owner' ? owner.auth.accessToken : reader === 'admin' ? admin.accessToken : reader === 'anonymous' ? undefined : readers[reader].accessToken;

  /** What a reader got, in a few words: the shown value, or why there is none (error codes, `no user`, HTTP 401). */
  const outcome = (res: GraphQLResponse & { status: number }, pick: (data: any) => unknown, show: (value: any) => string): string => {
    if (res.status === 401) return 'UNAUTHENTICATED';
    const codes = [...new Set((res.errors ?? []).map((e) => e.extensions?.['code'] as string))].join(',');
    if (res.data && 'user' in res.data && res.data['user'] === null) return codes ? `no user ${codes}` : 'no user';
    const value = res.data ? pick(res.data) : null;
    if (value === null || value === undefined) return codes || 'null';
    return codes ? `${show(value)} !${codes}` : show(value);
  };
  const ofUser = (fields: string, variables: Record<string, unknown> = {}) => (reader: Reader, owner: Owner) =>
    sg.request(/* GraphQL */ `query U($id: ID!) { user(id: $id) { ${fields} } }`, { id: owner.auth.user.id, ...variables }, tokenOf(reader, owner));
  const labelled = (owner: Owner, ids: string[]) => ids.map((id) => owner.labels.get(id) ?? id).join(' ') || 'none';
  const names = (connection: { edges: { node: { username: string } }[] }) => connection.edges.map((e) => e.node.username).join(' ') || 'none';

  /** Each field as one reader reads it of one owner, in a few words (the words of `EXPECTED`). */
  const READ: Record<keyof typeof EXPECTED, (reader: Reader, owner: Owner) => Promise<string>> = {
    'user(id) names': async (reader, owner) =>
      outcome(
        await ofUser('username firstName lastName visibility')(reader, owner),
        (d) => d.user,
        (u) => `${u.firstName ? 'named' : 'unnamed'} ${u.visibility}`,
      ),
    'User.sessions': async (reader, owner) =>
      outcome(
        await ofUser('sessions(first: 20) { totalCount privateCount edges { node { id } } }')(reader, owner),
        (d) => d.user.sessions,
        (s) => `${labelled(owner, s.edges.map((e: any) => e.node.id))} +${s.privateCount}${s.totalCount === s.edges.length ? '' : ` total ${s.totalCount}`}`,
      ),
    'session(id)': async (reader, owner) => {
      const res = await sg.request(
        /* GraphQL */ `query S($open: ID!, $followers: ID!, $private: ID!) {
          open: session(id: $open) { visibility } followers: session(id: $followers) { visibility } private: session(id: $private) { visibility }
        }`,
        owner.sessions,
        tokenOf(reader, owner),
      );
      if (res.status === 401) return REFUSED;
      return Object.keys(owner.sessions)
        .map((label) => {
          const session = res.data?.[label];
          if (session) return session.visibility ? `${label}:${session.visibility}` : label;
          return (res.errors ?? []).find((e) => e.path?.[0] === label)?.extensions?.['code'] ?? 'null';
        })
        .join(' ');
    },
    'Session.climbs, summary': async (reader, owner) =>
      outcome(
        await sg.request(
          /* GraphQL */ `query S($id: ID!) { session(id: $id) { climbs { id visibility session { id } } summary { climbCount privateClimbCount hardestSend { id } } } }`,
          { id: owner.sessions.open },
          tokenOf(reader, owner),
        ),
        (d) => d.session,
        (s) =>
          `${s.climbs.map((c: any) => `${owner.labels.get(c.id)}${c.visibility ? `:${c.visibility}` : ''}`).join(' ')} | ${s.summary.climbCount} +${s.summary.privateClimbCount}, hardest ${owner.labels.get(s.summary.hardestSend?.id)}`,
      ),
    'User.stats': async (reader, owner) =>
      outcome(
        await ofUser(
          'stats { sessionCount climbCount privateSessionCount privateClimbCount hardestSend(discipline: BOULDER) { id } pyramid(discipline: BOULDER) { sends } }',
        )(reader, owner),
        (d) => d.user.stats,
        (s) =>
          `${s.sessionCount} +${s.privateSessionCount} sessions, ${s.climbCount} +${s.privateClimbCount} climbs, hardest ${owner.labels.get(s.hardestSend?.id)}, ${s.pyramid.reduce((n: number, step: any) => n + step.sends, 0)} in the pyramid`,
      ),
    'User.projects': async (reader, owner) =>
      outcome(
        await ofUser('projects(first: 20) { edges { node { status sentAt attempts sessions route { id } } } }')(reader, owner),
        (d) => d.user.projects,
        (p) => {
          const project = p.edges.find((e: any) => e.node.route.id === gym.routeIds[2]).node;
          return `${p.edges.length} projects, inPrivate: ${project.status} ${project.sentAt ? 'sent' : 'not sent'} ${project.attempts}/${project.sessions}`;
        },
      ),
    'Route.ratings': async (reader, owner) =>
      outcome(
        await sg.request(
          /* GraphQL */ `query R($id: ID!) { route(id: $id) { ratings(first: 20) { privateCount edges { node { comment user { id firstName } } } } } }`,
          { id: gym.routeIds[0] },
          tokenOf(reader, owner),
        ),
        (d) => d.route.ratings,
        (r) => {
          const own = r.edges.find((e: any) => e.node.user.id === owner.auth.user.id)?.node;
          return `${own ? `${own.comment ? 'comment' : 'no comment'} ${own.user.firstName ? 'named' : 'unnamed'}` : 'left out'} (${r.edges.length} +${r.privateCount})`;
        },
      ),
    'Gym.leaderboard': async (reader, owner) =>
      outcome(
        await sg.request(
          /* GraphQL */ `query G($id: ID!) {
            gym(id: $id) { leaderboard(period: WEEK) { points sends user { id } } leaderboardPrivateCount(period: WEEK) }
            leaderboard(gymId: $id, period: WEEK) { entries { user { id } } }
          }`,
          { id: gym.gymId },
          tokenOf(reader, owner),
        ),
        (d) => d,
        ({ gym: g, leaderboard }) => {
          const ids = (entries: { user: { id: string } }[]) => entries.map((e) => e.user.id).join(' ');
          const entry = g.leaderboard.find((e: any) => e.user.id === owner.auth.user.id);
          const shown = `${entry ? `${entry.points} points, ${entry.sends} sends` : 'left out'} (${g.leaderboard.length} +${g.leaderboardPrivateCount})`;
          return ids(leaderboard.entries) === ids(g.leaderboard) ? shown : `${shown}, Query.leaderboard differs`;
        },
      ),
    'counts on routes and gyms': async (reader, owner) =>
      outcome(
        await sg.request(
          /* GraphQL */ `query C($r0: ID!, $r3: ID!, $gym: ID!) {
            rated: route(id: $r0) { rating { count privateCount } ascents { climberCount sendCount privateClimberCount } }
            projected: route(id: $r3) { projectCount }
            gym(id: $gym) { activity { sessionsLast7Days privateSessionsLast7Days activeClimbersLast30Days privateActiveClimbersLast30Days } }
          }`,
          { r0: gym.routeIds[0], r3: gym.routeIds[3], gym: gym.gymId },
          tokenOf(reader, owner),
        ),
        (d) => d,
        ({ rated, projected, gym: { activity: a } }) =>
          `ratings ${rated.rating.count} +${rated.rating.privateCount}, climbers ${rated.ascents.climberCount} +${rated.ascents.privateClimberCount}, sends ${rated.ascents.sendCount}, projects ${projected.projectCount}, sessions ${a.sessionsLast7Days} +${a.privateSessionsLast7Days}, climbers ${a.activeClimbersLast30Days} +${a.privateActiveClimbersLast30Days}`,
      ),
    'User.followers, following': async (reader, owner) =>
      outcome(
        await ofUser(
          'followerCount followingCount followers(first: 20) { edges { node { username } } } following(first: 20) { edges { node { username } } }',
        )(reader, owner),
        (d) => d.user,
        (u) => `followers ${u.followers ? names(u.followers) : 'null'} (${u.followerCount}), following ${u.following ? names(u.following) : 'null'} (${u.followingCount})`,
      ),
    // The follower's own lists (their account is PUBLIC): every owner follows them and they follow every owner.
    "a third climber's followers, following": async (reader, owner) =>
      outcome(
        await sg.request(
          /* GraphQL */ `query U($id: ID!) { user(id: $id) { followers(first: 20) { edges { node { id } } } following(first: 20) { edges { node { id } } } } }`,
          { id: readers.follower.user.id },
          tokenOf(reader, owner),
        ),
        (d) => d.user,
        (u) =>
          ['followers', 'following'].map((list) => `${list}: ${u[list].edges.some((e: any) => e.node.id === owner.auth.user.id) ? 'listed' : 'left out'}`).join(', '),
      ),
    'me.feed': async (reader, owner) =>
      outcome(
        await sg.request(/* GraphQL */ `query { me { feed(first: 50) { edges { node { id actor { id } } } } } }`, {}, tokenOf(reader, owner)),
        (d) => d.me?.feed,
        (f) =>
          f.edges
            .filter((e: any) => e.node.actor.id === owner.auth.user.id)
            .map((e: any) => owner.feedItems.get(e.node.id))
            .sort()
            .join(' ') || 'none',
      ),
    'feedItem(id)': async (reader, owner) => {
      const items = [...owner.feedItems];
      const res = await sg.request(
        /* GraphQL */ `query F(${items.map((_, i) => `$i${i}: ID!`).join(', ')}) { ${items.map((_, i) => `i${i}: feedItem(id: $i${i}) { id }`).join(' ')} }`,
        Object.fromEntries(items.map(([id], i) => [`i${i}`, id])),
        tokenOf(reader, owner),
      );
      return outcome(res, (d) => d, (d) => items.filter((_, i) => d[`i${i}`]).map(([, label]) => label).sort().join(' ') || 'none');
    },
    "a feed item's session": async (reader, owner) => {
      const itemId = [...owner.feedItems].find(([, label]) => label === 'SESSION_ENDED:open')![0];
      return outcome(
        await sg.request(
          /* GraphQL */ `query F($id: ID!) { feedItem(id: $id) { session { climbs { id } summary { privateClimbCount } } } }`,
          { id: itemId },
          tokenOf(reader, owner),
        ),
        (d) => d.feedItem,
        ({ session: s }) => `${labelled(owner, s.climbs.map((c: any) => c.id))} +${s.summary.privateClimbCount}`,
      );
    },
    'Session kudos, comments': async (reader, owner) =>
      outcome(
        await sg.request(
          /* GraphQL */ `query S($id: ID!) { session(id: $id) { kudosCount viewerHasKudoed commentCount comments(first: 20) { edges { node { body } } } } }`,
          { id: owner.sessions.open },
          tokenOf(reader, owner),
        ),
        (d) => d.session,
        (s) => `${s.kudosCount} kudos${s.viewerHasKudoed ? ' (mine)' : ''}, ${s.commentCount} comments: ${s.comments.edges.map((e: any) => e.node.body).join(', ') || 'none'}`,
      ),
    searchUsers: async (reader, owner) =>
      outcome(
        await sg.request(/* GraphQL */ `query Q { searchUsers(query: "leak_", first: 10) { edges { node { id } } } }`, {}, tokenOf(reader, owner)),
        (d) => d.searchUsers,
        (s) => (s.edges.some((e: any) => e.node.id === owner.auth.user.id) ? 'found' : 'left out'),
      ),
    'User.notifications': async (reader, owner) =>
      outcome(
        await ofUser('notifications(first: 20) { unreadCount edges { node { kind } } }')(reader, owner),
        (d) => d.user.notifications,
        (n) => `${n.unreadCount} unread: ${[...new Set(n.edges.map((e: any) => e.node.kind))].sort().join(' ')}`,
      ),
  };

  const cases = Object.entries(EXPECTED).flatMap(([field, outcomes]) =>
    READERS.flatMap((reader) => VISIBILITIES.map((visibility, i) => [field, reader, visibility, outcomes[reader][i]!] as const)),
  );
  it.each(cases)('%s × %s × %s', async (field, reader, visibility, expected) => {
    expect(await READ[field]!(reader, owners[visibility])).toBe(expected);
  });
  // Ids tell nothing: a write on what the reader may not see answers exactly as one on an unknown id.
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';
  const refusal = (res: GraphQLResponse) => res.errors?.map(({ message, extensions }) => ({ message, code: extensions?.['code'], field: extensions?.['field'] }));
  const attempts: [string, Exclude<Reader, 'owner' | 'admin' | 'anonymous'>, Visibility, (owner: Owner) => { name: string; input: string; variables: Record<string, unknown> }][] = [
    ['kudos on a session', 'stranger', 'FOLLOWERS', (o) => ({ name: 'giveKudos', input: 'GiveKudosInput', variables: { sessionId: o.sessions.open } })],
    ['kudos on a session', 'follower', 'PUBLIC', (o) => ({ name: 'giveKudos', input: 'GiveKudosInput', variables: { sessionId: o.sessions.private } })],
    ['kudos on a session', 'blocked', 'PUBLIC', (o) => ({ name: 'giveKudos', input: 'GiveKudosInput', variables: { sessionId: o.sessions.open } })],
    ['kudos on a climb', 'follower', 'FOLLOWERS', (o) => ({ name: 'giveKudos', input: 'GiveKudosInput', variables: { climbId: [...o.labels].find(([, l]) => l === 'hidden')![0] } })],
    ['a comment', 'stranger', 'PRIVATE', (o) => ({ name: 'addComment', input: 'AddCommentInput', variables: { sessionId: o.sessions.open, body: 'Hi' } })],
    ['a comment', 'blocker', 'PUBLIC', (o) => ({ name: 'addComment', input: 'AddCommentInput', variables: { sessionId: o.sessions.open, body: 'Hi' } })],
  ];
  it.each(attempts)('%s by the %s on a %s account answers as an unknown id', async (_, reader, visibility, attempt) => {
    const { name, input, variables } = attempt(owners[visibility]);
    const send = (vars: Record<string, unknown>) => sg.request(mutation(name, input), { input: vars }, readers[reader].accessToken);
    const unknown = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, key === 'body' ? value : UNKNOWN]));
    const [refused, asUnknown] = [await send(variables), await send(unknown)];
    expect(refusal(refused)).toEqual(refusal(asUnknown));
    expect(refusal(refused)?.[0]?.code).toBe('BAD_USER_INPUT');
  });
});
