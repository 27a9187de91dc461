// The router's e2e harness: both subgraphs and the router in this process.
import { startSupergraph, type Supergraph } from '@clmb/router/e2e/supergraph';
import type { Router } from '@clmb/router/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ops from './__generated__/operations';
import { acceptedFollow, addedComment, deletedComment, followed, gaveKudos } from './social';
import { appClient, captureConsole } from './testing';

describe('the social screens on Apollo Client 4 through a trusted-documents router', () => {
  let sg: Supergraph;
  /** A production router: trusted documents only, so every operation goes by its id in the manifest. */
  let trusted: Router;
  let url: string;
  let gymId: string;
  const printed = captureConsole();
  const signedIn = async (username: string) => {
    const auth = await sg.build.user({ username });
    return { id: auth.user.id, app: appClient(url, { accessToken: auth.accessToken, refreshToken: auth.refreshToken }) };
  };

  beforeAll(async () => {
    sg = await startSupergraph();
    trusted = await sg.startExtraRouter({ TRUSTED_DOCUMENTS: 'require' });
    url = `${trusted.url}/graphql`;
    const admin = await sg.build.logIn('admin@clmb.dev');
    gymId = (await sg.build.gymWithRoutes(admin.accessToken, { slug: 'social-kit', routeCount: 1 })).gymId;
  });
  afterAll(async () => {
    printed.restore();
    await trusted?.stop();
    await sg?.stop();
  });

  it('one Profile operation answers the owner, a stranger and a follower what each may see; the follow updates follow the server', async () => {
    const owner = await signedIn('kit_owner');
    const fan = await signedIn('kit_fan');
    const { data: started } = await owner.app.client.mutate({ mutation: ops.StartSessionDocument, variables: { input: { gymId, name: 'Crimps' } } });
    const profile = async (app: ReturnType<typeof appClient>) =>
      app.client.query({ query: ops.ProfileDocument, variables: { id: owner.id }, errorPolicy: 'all', fetchPolicy: 'network-only' });

    const own = await profile(owner.app);
    expect(own.error).toBeUndefined();
    expect(own.data?.user).toMatchObject({ username: 'kit_owner', visibility: 'FOLLOWERS', viewerFollowStatus: null, sessions: { totalCount: 1 } });

    const stranger = await profile(fan.app);
    expect(stranger.data?.user).toMatchObject({ username: 'kit_owner', visibility: 'FOLLOWERS', viewerFollowStatus: 'NONE', followerCount: 0, sessions: null });
    expect(stranger.error?.message).toMatch(/./);

    // The fan asks; the owner accepts with the kit's updates on their cached lists.
    const { data: asked } = await fan.app.client.mutate({ mutation: ops.FollowDocument, variables: { input: { userId: owner.id } }, update: followed });
    expect(asked?.follow.status).toBe('REQUESTED');
    const requests = await owner.app.client.query({ query: ops.FollowRequestsDocument });
    expect(requests.data?.me?.followRequests?.edges.map((edge) => edge.node.username)).toEqual(['kit_fan']);
    await owner.app.client.query({ query: ops.FollowersDocument, variables: { id: owner.id } });
    await owner.app.client.mutate({ mutation: ops.AcceptFollowDocument, variables: { input: { userId: fan.id } }, update: acceptedFollow });
    const cached = {
      requests: owner.app.client.readQuery({ query: ops.FollowRequestsDocument })?.me?.followRequests?.edges.length,
      followers: owner.app.client.readQuery({ query: ops.FollowersDocument, variables: { id: owner.id } })?.user?.followers?.edges.map((edge) => edge.node.username),
    };
    expect(cached).toEqual({ requests: 0, followers: ['kit_fan'] });

    const follower = await profile(fan.app);
    expect(follower.error).toBeUndefined();
    expect(follower.data?.user).toMatchObject({ viewerFollowStatus: 'FOLLOWING', followerCount: 1, sessions: { totalCount: 1, edges: [{ node: { id: started!.startSession.id, name: 'Crimps' } }] } });
  });

  it('the feed, kudos and comments: the follower reads the item, gives kudos and comments, and the cache agrees with the server', async () => {
    const owner = await signedIn('kit_climber');
    const fan = await signedIn('kit_cheer');
    await owner.app.client.mutate({ mutation: ops.UpdatePrivacyDocument, variables: { input: { visibility: 'PUBLIC' } } });
    await fan.app.client.mutate({ mutation: ops.FollowDocument, variables: { input: { userId: owner.id } } });
    const { data: started } = await owner.app.client.mutate({ mutation: ops.StartSessionDocument, variables: { input: { gymId, name: 'Overhang' } } });
    const sessionId = started!.startSession.id;
    await owner.app.client.mutate({ mutation: ops.EndSessionDocument, variables: { input: { id: sessionId } } });

    const feed = await fan.app.client.query({ query: ops.FeedDocument });
    expect(feed.data?.me?.feed?.edges.map((edge) => [edge.node.kind, edge.node.actor.username, edge.node.session?.gym?.name])).toEqual([['SESSION_ENDED', 'kit_climber', 'Gym social-kit']]);

    const social = { query: ops.SessionSocialDocument, variables: { id: sessionId } };
    await fan.app.client.query(social);
    await fan.app.client.mutate({ mutation: ops.GiveKudosDocument, variables: { input: { sessionId } }, update: gaveKudos });
    await fan.app.client.mutate({ mutation: ops.AddCommentDocument, variables: { input: { sessionId, body: 'Strong!' } }, update: addedComment });
    const { data: second } = await fan.app.client.mutate({ mutation: ops.AddCommentDocument, variables: { input: { sessionId, body: 'Again?' } }, update: addedComment });
    await fan.app.client.mutate({ mutation: ops.DeleteCommentDocument, variables: { input: { commentId: second!.addComment.id } }, update: deletedComment });
    const sent = fan.app.sent.length;
    const cached = fan.app.client.readQuery(social)?.session;
    const { data: fresh } = await fan.app.client.query({ ...social, fetchPolicy: 'network-only' });
    // Except `endCursor`: the comment the app appended has no server cursor, and the page it joined
    // was empty (null), so the cache reads ""; on the last page fetchMore does not follow it.
    const cursorOff = (session: typeof cached) => session && { ...session, comments: { ...session.comments, pageInfo: { ...session.comments.pageInfo, endCursor: null } } };
    expect(cursorOff(cached)).toEqual(cursorOff(fresh?.session));
    expect(cached).toMatchObject({ kudosCount: 1, viewerHasKudoed: true, commentCount: 1, comments: { edges: [{ node: { body: 'Strong!', author: { username: 'kit_cheer' } } }] } });
    // The owner's feed item session shows the same counts through the feed (one Session in the cache).
    expect(fan.app.client.readQuery({ query: ops.FeedDocument })?.me?.feed?.edges[0]?.node.session).toMatchObject({ kudosCount: 1, viewerHasKudoed: true, commentCount: 1 });
    expect(fan.app.sent.length).toBe(sent + 1);
    expect(printed.lines).toEqual([]);
  });
});
