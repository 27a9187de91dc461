import { describe, expect, it } from 'vitest';
import { configLoader, containerEnv, externalSecrets, named, ofKind, renderOverlay, selects, workloads } from './helpers';

/** The peers the router's NetworkPolicies admit on `port` (a rule without `from`: anyone). */
function routerPeers(overlay: 'dev' | 'production', port: number): unknown[] {
  const objects = renderOverlay(overlay);
  const labels = workloads(objects).find((w) => w.obj.metadata.name === 'router')!.labels;
  return (ofKind(objects, 'NetworkPolicy') as any[])
    .filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, labels))
    .flatMap((p) => (p.spec.ingress ?? []) as any[])
    .filter((rule) => rule.ports === undefined || rule.ports.some((p: any) => p.port === port))
    .flatMap((rule) => rule.from ?? ['anyone']);
}

/** The router's TRUST_PROXY as its config reads it from the overlay's rendered environment. */
async function trustProxyOf(overlay: 'dev' | 'production') {
  const objects = renderOverlay(overlay);
  const container = named(objects, 'Deployment', 'router').spec.template.spec.containers[0];
  const env = containerEnv(container, objects, await externalSecrets(overlay));
  return { raw: env['TRUST_PROXY'], parsed: (configLoader('router')(env) as { trustProxy: unknown }).trustProxy };
}

describe('who the router believes about a client address (issue 17, finding 10)', () => {
  it('production: trusts the ingress by address, and takes clients on 4000 from the ingress namespace only', async () => {
    const { raw, parsed } = await trustProxyOf('production');
    // Addresses, not `true` (anyone) nor a hop count (whoever connects): a client's own X-Forwarded-For is never believed.
    expect(raw).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(parsed).toBe(raw);
    expect(routerPeers('production', 4000)).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }]);
  });

  it('dev: believes no forwarded header (clients come through a port-forward)', async () => {
    expect((await trustProxyOf('dev')).parsed).toBe(false);
    expect(routerPeers('dev', 4000)).toEqual(['anyone']);
  });
});
