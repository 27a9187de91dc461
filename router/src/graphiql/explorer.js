// Mounts GraphiQL on this router's /graphql, with the demo journey as its first tabs.
const logIn = `mutation LogIn($input: LogInInput!) {
  logIn(input: $input) {
    accessToken
    user { id username role }
  }
}`;
const logbook = `query Logbook {
  me {
    username
    sessions(first: 5) {
      edges {
        node {
          name
          startTime
          gym { name city }
          climbs { attempts sent style route { name colour grade { value } } }
        }
      }
    }
  }
}`;
// The staff journey (docs/staff.md, docs/route-life.md): log in as the demo owner (staff of every
// demo gym), paste the token into the headers, then the gyms' report queues, strip lists and walls.
// They need no ids: each goes through your gyms (`me.staffRoles`).
const staffLogIn = `mutation StaffLogIn($input: LogInInput!) {
  logIn(input: $input) {
    accessToken
    user { id username }
  }
}`;
const reportQueue = `query ReportQueue {
  me {
    staffRoles {
      role
      gym {
        name
        reports(status: OPEN, first: 10) {
          edges { node { id reason note createdAt reporter { username } route { name colour openReportCount } } }
        }
      }
    }
  }
}`;
const stripList = `query StripList {
  me {
    staffRoles {
      gym {
        name
        walls { id name lastResetAt }
        routesComingDown(within: 7, first: 20) {
          edges { node { id name colour plannedStripAt outSoon wall { name } } }
        }
      }
    }
  }
}`;
const wallPlan = `# A wall's plan (head setters): \`wallId\` is one of the walls the StripList tab lists.
query WallPlan($wallId: ID!) {
  wall(id: $wallId) {
    name
    lastResetAt
    gradeDistribution { current target { count fromGrade { value } toGrade { value } } }
  }
  planReset(wallId: $wallId) {
    ratingsIncluded
    bandsToFill { current missing target { fromGrade { value } toGrade { value } } }
    candidates { score route { name colour grade { value } } reasons { reason value points } }
  }
}`;
const gyms = `query Gyms {
  gyms(first: 5) {
    edges { node { name city routes { name colour grade { value } } } }
  }
}`;

// The social journey (docs/api.md, "Following and blocking", "Feed", "Notifications"), logged in as
// in the LogIn tab: find a climber, see their profile as you may, follow them, read your feed and
// your notifications; NotificationsLive brings new ones as they happen.
const climbers = `query Climbers($query: String!) {
  searchUsers(query: $query, first: 10) {
    edges { node { id username visibility viewerFollowStatus } }
  }
}`;
const profile = `# A climber's profile as you may see it: put an id from the Climbers tab in the variables. What
# the account's visibility keeps from you is null, with a FORBIDDEN error beside the data.
query Profile($id: ID!) {
  user(id: $id) {
    username
    firstName
    visibility
    followerCount
    followingCount
    viewerFollowStatus
    followsYou
    sessions(first: 5) {
      totalCount
      privateCount
      edges { node { name startTime kudosCount gym { name } } }
    }
  }
}`;
const follow = `# A PUBLIC account is followed at once (FOLLOWING); any other gets a request (REQUESTED).
mutation Follow($userId: ID!) {
  follow(input: { userId: $userId }) {
    status
    user { username followerCount viewerFollowStatus }
  }
}`;
const feed = `query Feed {
  me {
    feed(first: 10) {
      edges {
        node {
          kind
          createdAt
          actor { username }
          session { name kudosCount commentCount gym { name } summary { climbCount sendCount } }
          route { name colour grade { value } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
const notifications = `query Notifications {
  me {
    notifications(first: 10) {
      unreadCount
      edges { node { id kind createdAt read actor { username } session { name } route { name } gym { name } } }
    }
  }
}`;
const notificationsLive = `# Your notifications, live (docs/api.md, "Notifications"): send it with your token in the
# headers, then have another climber follow you, give kudos on or comment on one of your sessions.
subscription NotificationsLive {
  notificationAdded {
    kind
    createdAt
    actor { username }
    session { name gym { name } }
  }
}`;

const leaderboardLive = `# A gym's leaderboard, live (docs/api.md, "Subscriptions"): put a gym's id from the Gyms tab
# (add \`id\` to its selection) in the variables, send it with your token in the headers, then log
# a climb at that gym: the board arrives here each time it may have changed.
subscription LeaderboardLive($gymId: ID!) {
  leaderboardChanged(gymId: $gymId, period: WEEK) {
    gym { name }
    entries { rank points sends user { username } }
  }
}`;

const graphqlUrl = new URL('/graphql', window.location.href).href;
const send = GraphiQL.createFetcher({ url: graphqlUrl });
/** A subscription goes over graphql-ws, authenticated by the headers editor's Authorization; its own socket, closed when GraphiQL stops listening. */
const subscribe = (params, headers) => {
  const authorization = headers?.Authorization ?? headers?.authorization;
  const client = graphqlWs.createClient({ url: graphqlUrl.replace(/^http/, 'ws'), connectionParams: authorization ? { authorization } : {}, retryAttempts: 0 });
  const results = client.iterate(params);
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => results.next(),
      return: async () => {
        await results.return?.();
        await client.dispose();
        return { done: true, value: undefined };
      },
    }),
  };
};
// Right after a tab switch GraphiQL 4 can still send the previous tab's operation name: drop a
// name the document does not define, so the tab's own operation runs.
const fetcher = (params, options) => {
  const defined = [...params.query.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g)].map((m) => m[1]);
  const operationName = defined.includes(params.operationName) ? params.operationName : undefined;
  const own = { ...params, operationName };
  return /^\s*(#.*\n\s*)*subscription\b/.test(params.query) ? subscribe(own, options?.headers) : send(own, options);
};
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    defaultTabs: [
      { query: logIn, variables: JSON.stringify({ input: { email: 'climber@clmb.dev', password: 'clmb-demo' } }, null, 2) },
      { query: logbook },
      { query: gyms },
      { query: staffLogIn, variables: JSON.stringify({ input: { email: 'owner@clmb.dev', password: 'clmb-demo' } }, null, 2) },
      { query: reportQueue },
      { query: stripList },
      { query: wallPlan, variables: JSON.stringify({ wallId: '' }, null, 2) },
      { query: leaderboardLive, variables: JSON.stringify({ gymId: '' }, null, 2) },
      { query: climbers, variables: JSON.stringify({ query: 'ma' }, null, 2) },
      { query: profile, variables: JSON.stringify({ id: '' }, null, 2) },
      { query: follow, variables: JSON.stringify({ userId: '' }, null, 2) },
      { query: feed },
      { query: notifications },
      { query: notificationsLive },
    ],
  }),
);
