import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { overlays, renderOverlay } from './helpers';

// Every apiVersion/kind the manifests may use, with the Kubernetes schema (OpenAPI, as compiled
// by kubernetes-models) that checks it. A kind missing here fails the test instead of passing
// unchecked.
const models: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

describe.each(overlays)('%s: every rendered object against the Kubernetes schema for its kind', (overlay) => {
  const objects = renderOverlay(overlay);
  it.each(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o] as const))('%s', (_, obj) => {
    const Model = models[`${obj.apiVersion}/${obj.kind}`];
    expect(Model, `no schema registered for ${obj.apiVersion} ${obj.kind}`).toBeDefined();
    expect(() => new Model!(obj).validate()).not.toThrow();
  });
});

describe('the schema check has teeth', () => {
  it('rejects a Deployment with a string port and a missing selector', () => {
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: {} } };
    expect(() => new Deployment(bad as any).validate()).toThrow(/selector/);
    const deployment = structuredClone(renderOverlay('production').find((o) => o.kind === 'Deployment')!) as any;
    deployment.spec.template.spec.containers[0].ports[0].containerPort = '4001';
    expect(() => new Deployment(deployment).validate()).toThrow(/containerPort must be integer/);
  });
});
