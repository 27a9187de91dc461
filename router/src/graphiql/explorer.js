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

const send = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });
// Right after a tab switch GraphiQL 4 can still send the previous tab's operation name: drop a
// name the document does not define, so the tab's own operation runs.
const fetcher = (params, options) => {
  const defined = [...params.query.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g)].map((m) => m[1]);
  const operationName = defined.includes(params.operationName) ? params.operationName : undefined;
  return send({ ...params, operationName }, options);
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
    ],
  }),
);
