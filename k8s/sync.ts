/**
 * `npm run sync -w @clmb/k8s`: refreshes the files kustomize needs inside k8s/ (it reads nothing
 * outside a kustomization's folder) from where they live. A test fails while they differ.
 */
import { copyFileSync } from 'node:fs';

const copies = [
  ['schema/supergraph.graphql', 'k8s/base/router/supergraph.graphql'],
  ['schema/persisted-query-manifest.json', 'k8s/base/router/persisted-query-manifest.json'],
  ['docker/postgres-init/10-service-databases.sh', 'k8s/overlays/dev/postgres/10-service-databases.sh'],
] as const;
const root = new URL('../', import.meta.url);
for (const [from, to] of copies) {
  copyFileSync(new URL(from, root), new URL(to, root));
  console.log(`${from} -> ${to}`);
}
