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
const gyms = `query Gyms {
  gyms(first: 5) {
    edges { node { name city routes { name colour grade { value } } } }
  }
}`;

const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    defaultTabs: [
      { query: logIn, variables: JSON.stringify({ input: { email: 'climber@clmb.dev', password: 'clmb-demo' } }, null, 2) },
      { query: logbook },
      { query: gyms },
    ],
  }),
);
