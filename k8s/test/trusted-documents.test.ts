import { describe, expect, it } from 'vitest';
import { loadCompose, parseEnvFile, serviceEnv } from './compose';
import { containerEnv, externalSecrets, named, overlays, readRepoFile, renderOverlay, signingKeys } from './helpers';

const MANIFEST = 'schema/persisted-query-manifest.json';

describe('trusted documents in deployments (docs/deployment.md)', () => {
  it('ships a copy of the committed manifest beside the supergraph (npm run sync -w @clmb/k8s refreshes it)', () => {
    expect(readRepoFile('k8s/base/router/persisted-query-manifest.json'), 'run npm run sync -w @clmb/k8s').toBe(readRepoFile(MANIFEST));
  });

  it.each(overlays)('%s: the router reads the manifest from its generated ConfigMap', async (overlay) => {
    const objects = renderOverlay(overlay);
    const router = named(objects, 'Deployment', 'router');
    const volume = router.spec.template.spec.volumes.find((v: any) => v.name === 'trusted-documents');
    const cm = named(objects, 'ConfigMap', volume.configMap.name);
    expect(cm.metadata.name).toMatch(/^router-trusted-documents-[a-z0-9]{10}$/);
    expect(cm.data['persisted-query-manifest.json']).toBe(readRepoFile(MANIFEST));
    const container = router.spec.template.spec.containers[0];
    const mount = container.volumeMounts.find((m: any) => m.name === 'trusted-documents');
    const env = containerEnv(container, objects, await externalSecrets(overlay));
    expect(env.TRUSTED_DOCUMENTS_PATH).toBe(`${mount.mountPath}/persisted-query-manifest.json`);
    // Production answers the app's operations only; the dev cluster also takes curl and scripts.
    expect(env.TRUSTED_DOCUMENTS).toBe(overlay === 'production' ? 'require' : undefined);
  });

  it('compose requires trusted documents unless .env opts out', async () => {
    const vars = { ...parseEnvFile(readRepoFile('.env.example')), ...(await signingKeys()) };
    expect(serviceEnv(loadCompose(vars).services.router).TRUSTED_DOCUMENTS).toBe('require');
    expect(serviceEnv(loadCompose({ ...vars, TRUSTED_DOCUMENTS: 'allow' }).services.router).TRUSTED_DOCUMENTS).toBe('allow');
  });

  it('the router image holds the manifest where TRUSTED_DOCUMENTS_PATH looks by default', () => {
    expect(readRepoFile('Dockerfile')).toContain(`COPY --from=build /app/${MANIFEST} ./schema/`);
  });
});
