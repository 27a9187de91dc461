import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configMapHash, render } from '../kustomize';
import { k8sDir, named, overlays, readRepoFile, renderOverlay } from './helpers';

const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('kustomize rendering', () => {
  it.each(['base', ...overlays] as const)('renders %s', (overlay) => {
    const objects = renderOverlay(overlay);
    expect(objects.length).toBeGreaterThan(15);
    for (const o of objects) expect(o.metadata.name, `${o.kind} without a name`).toBeTruthy();
  });

  it('hashes a ConfigMap as kustomize does (data only, Go JSON escaping)', () => {
    // Suffixes printed by `kubectl kustomize` (kustomize v5.5) for these generators.
    const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });
    expect(configMapHash(cm({ a: 'b' }))).toBe('4h2mbtbbt6');
    expect(configMapHash(cm({ b: '<&>', a: 'b' }))).toBe(configMapHash(cm({ a: 'b', b: '<&>' })));
  });

  it('refuses kustomization fields it does not implement', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'commonLabels:\n  a: b\n');
    expect(() => render(dir)).toThrow(/"commonLabels" is not supported/);
  });

  it.each(overlays)('%s: agrees with kubectl kustomize, object for object, where kubectl exists', (overlay) => {
    if (!kubectl) {
      console.warn('kubectl not found: skipped the comparison with kubectl kustomize');
      return;
    }
    const theirs = parseAllDocuments(execFileSync('kubectl', ['kustomize', `${k8sDir}overlays/${overlay}`], { encoding: 'utf8' })).map((d) =>
      d.toJS(),
    );
    const byId = (objects: any[]) =>
      Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    expect(byId(renderOverlay(overlay))).toStrictEqual(byId(theirs));
  });

  it('ships the committed supergraph to the router, and the compose init script to dev Postgres', () => {
    // kustomize reads no file outside a kustomization's folder, so these are copies:
    // `npm run sync -w @clmb/k8s` refreshes them.
    expect(readRepoFile('k8s/base/router/supergraph.graphql'), 'run npm run sync -w @clmb/k8s').toBe(
      readRepoFile('schema/supergraph.graphql'),
    );
    expect(readRepoFile('k8s/overlays/dev/postgres/10-service-databases.sh'), 'run npm run sync -w @clmb/k8s').toBe(
      readRepoFile('docker/postgres-init/10-service-databases.sh'),
    );
  });

  it.each(overlays)('%s: the router mounts the generated supergraph ConfigMap under its hashed name', (overlay) => {
    const objects = renderOverlay(overlay);
    const router = named(objects, 'Deployment', 'router');
    const volume = router.spec.template.spec.volumes.find((v: any) => v.name === 'supergraph');
    const cm = named(objects, 'ConfigMap', volume.configMap.name);
    expect(cm.metadata.name).toMatch(/^router-supergraph-[a-z0-9]{10}$/);
    expect(cm.data['supergraph.graphql']).toBe(readRepoFile('schema/supergraph.graphql'));
    const mount = router.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === 'supergraph');
    const env = named(objects, 'ConfigMap', router.spec.template.spec.containers[0].envFrom[0].configMapRef.name).data;
    expect(env.SUPERGRAPH_PATH).toBe(`${mount.mountPath}/supergraph.graphql`);
  });
});
