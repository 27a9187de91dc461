import { describe, expect, it } from 'vitest';
import {
  named,
  ofKind,
  type Overlay,
  overlays,
  ports,
  renderOverlay,
  type Service,
  selects,
  services,
  subgraphs,
  workloads,
} from './helpers';

const drainSeconds = 10; // the services finish in-flight requests within ~10 s of SIGTERM
// Per external database: max_connections 100, minus superuser and admin headroom.
const connectionBudget = 80;

describe.each(overlays)('%s overlay', (overlay) => {
  const objects = renderOverlay(overlay);
  const deployments = ofKind(objects, 'Deployment') as any[];

  it('has one Deployment, Service, HPA, PDB and migration Job per service', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...services].sort());
    for (const s of services) {
      const service = named(objects, 'Service', s);
      const deployment = named(objects, 'Deployment', s);
      expect(selects({ matchLabels: service.spec.selector }, deployment.spec.template.metadata.labels)).toBe(true);
      expect(service.spec.ports[0].port).toBe(ports[s]);
    }
    for (const s of subgraphs) {
      const job = named(objects, 'Job', `${s}-migrate`);
      const [container] = job.spec.template.spec.containers;
      expect(container.command).toEqual(['node', `subgraphs/${s}/dist/migrate.js`]);
      // Same image as the service it migrates, so schema and code ship together.
      expect(container.image).toBe(named(objects, 'Deployment', s).spec.template.spec.containers[0].image);
      expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    }
    expect(ofKind(objects, 'Job').length).toBe(subgraphs.length);
  });

  describe.each(services)('Deployment %s', (name: Service) => {
    const deployment = named(objects, 'Deployment', name);
    const pod = deployment.spec.template.spec;
    const labels = deployment.spec.template.metadata.labels;
    const [container] = pod.containers;

    it('probes: startup and liveness on /health, readiness on /ready, on the service port', () => {
      expect(pod.containers).toHaveLength(1);
      const port = container.ports.find((p: any) => p.containerPort === ports[name]);
      expect(port).toBeDefined();
      for (const [probe, path] of [
        ['startupProbe', '/health'],
        ['livenessProbe', '/health'],
        ['readinessProbe', '/ready'],
      ] as const) {
        expect(container[probe]?.httpGet?.path, probe).toBe(path);
        expect([port.name, port.containerPort], probe).toContain(container[probe].httpGet.port);
      }
    });

    it('requests and limits CPU and memory', () => {
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        for (const kind of ['requests', 'limits']) {
          expect(c.resources?.[kind]?.cpu, `${c.name} ${kind}.cpu`).toBeTruthy();
          expect(c.resources?.[kind]?.memory, `${c.name} ${kind}.memory`).toBeTruthy();
        }
      }
    });

    it('runs non-root on a read-only root filesystem with no privileges, /tmp on an emptyDir', () => {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      // The image's USER is the name `node`; the kubelet can only verify a numeric non-root uid.
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
      expect(pod.volumes.find((v: any) => v.name === tmp?.name)?.emptyDir).toBeDefined();
    });

    it('drains before it is killed: preStop pause + drain fit in the grace period', () => {
      const command = container.lifecycle?.preStop?.exec?.command;
      expect(command?.[0]).toBe('sleep');
      const pause = Number(command[1]);
      expect(pause).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(pause + drainSeconds);
    });

    it('is scaled by an HPA and protected by a PDB that select it', () => {
      const hpas = ofKind(objects, 'HorizontalPodAutoscaler').filter(
        (h: any) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name,
      ) as any[];
      expect(hpas).toHaveLength(1);
      expect(hpas[0].spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(hpas[0].spec.maxReplicas).toBeGreaterThan(hpas[0].spec.minReplicas);
      // The HPA owns the replica count; a fixed one here would be reset on every apply.
      expect(deployment.spec.replicas).toBeUndefined();
      const pdbs = ofKind(objects, 'PodDisruptionBudget').filter((p: any) => selects(p.spec.selector, labels));
      expect(pdbs).toHaveLength(1);
      expect(selects(deployment.spec.selector, labels)).toBe(true);
    });

    it('sets APOLLO_TELEMETRY_DISABLED=1 and NODE_ENV=production', () => {
      const env = named(objects, 'ConfigMap', container.envFrom[0].configMapRef.name).data;
      expect(env).toMatchObject({ APOLLO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });
    });
  });

  it('selects every pod with a NetworkPolicy that denies by default, ingress and egress', () => {
    const policies = ofKind(objects, 'NetworkPolicy') as any[];
    for (const w of workloads(objects)) {
      const covering = policies.filter((p) => selects(p.spec.podSelector, w.labels));
      expect(covering.some((p) => p.spec.policyTypes.includes('Ingress')), w.obj.metadata.name).toBe(true);
      expect(covering.some((p) => p.spec.policyTypes.includes('Egress')), w.obj.metadata.name).toBe(true);
    }
  });

  it('lets only the router reach the subgraphs (and users reach gyms, to check ids on writes)', () => {
    const expected: Record<string, string[]> = { users: ['router'], gyms: ['router', 'users'] };
    for (const target of subgraphs) {
      expect(reachers(overlay, target, ports[target]), target).toEqual(expected[target]);
      // The ingress side alone holds too: pods in other namespaces have no egress policy of ours.
      expect(ingressSources(overlay, target, ports[target]), target).toEqual(expected[target]);
    }
  });

  it('lets only the subgraphs (servers and migrations) reach Postgres on 5432', () => {
    const allowed = workloads(objects)
      .filter((w) => allowsEgress(overlay, w.labels, 5432))
      .map((w) => w.obj.metadata.name)
      .sort();
    expect(allowed).toEqual(['gyms', 'gyms-migrate', 'users', 'users-migrate']);
  });

  it('lets only users out to HTTPS (Google sign-in keys), and not into private ranges', () => {
    const allowed = workloads(objects)
      .filter((w) => allowsEgress(overlay, w.labels, 443))
      .map((w) => w.obj.metadata.name);
    expect(allowed).toEqual(['users']);
    const https = named(objects, 'NetworkPolicy', 'users').spec.egress.find((rule: any) => rule.ports?.some((p: any) => p.port === 443));
    expect(https.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
  });

  it('pins every image to a tag that is not latest', () => {
    for (const w of workloads(objects)) {
      for (const c of w.pod.containers) {
        expect(c.image, c.name).toMatch(/(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/);
        expect(c.image, c.name).not.toMatch(/:latest$/);
      }
    }
  });
});

describe('dev overlay', () => {
  const objects = renderOverlay('dev');

  it('runs Postgres in the cluster, reachable only from the subgraphs', () => {
    const postgres = named(objects, 'StatefulSet', 'postgres');
    expect(postgres.spec.template.spec.containers[0].image).toBe('postgres:17');
    const init = postgres.spec.template.spec.volumes.find((v: any) => v.name === 'init');
    expect(named(objects, 'ConfigMap', init.configMap.name).data['10-service-databases.sh']).toContain('CREATE ROLE');
    expect(reachers('dev', 'postgres', 5432)).toEqual(['gyms', 'gyms-migrate', 'users', 'users-migrate']);
    expect(ingressSources('dev', 'postgres', 5432)).toEqual(['gyms', 'gyms-migrate', 'users', 'users-migrate']);
  });

  it('runs Redis in the cluster for the router replicas, reachable only from the router', () => {
    const redis = named(objects, 'StatefulSet', 'redis');
    expect(redis.spec.template.spec.containers[0].image).toMatch(/^redis:\d+\.\d+\.\d+/);
    expect(reachers('dev', 'redis', 6379)).toEqual(['router']);
    expect(ingressSources('dev', 'redis', 6379)).toEqual(['router']);
    expect(named(objects, 'ConfigMap', named(objects, 'Deployment', 'router').spec.template.spec.containers[0].envFrom[0].configMapRef.name).data.REDIS_URL).toBe('redis://redis:6379');
  });

  it('points each subgraph at the in-cluster Postgres only through its Secret', () => {
    for (const s of subgraphs) {
      const env = named(objects, 'Deployment', s).spec.template.spec.containers[0].env;
      expect(env.find((e: any) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({ name: `${s}-database`, key: 'DATABASE_URL' });
    }
  });
});

describe('production overlay', () => {
  const production = renderOverlay('production');
  const dev = renderOverlay('dev');

  it('runs no database, and lets the subgraphs out only to port 5432', () => {
    expect(ofKind(production, 'StatefulSet')).toEqual([]);
    const egress = named(production, 'NetworkPolicy', 'database-egress');
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: expect.objectContaining({ cidr: expect.any(String) }) }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
  });

  it('lets only the router out to its Redis on 6379, whose URL comes from the Secret router-redis', () => {
    const allowed = workloads(production)
      .filter((w) => allowsEgress('production', w.labels, 6379))
      .map((w) => w.obj.metadata.name);
    expect(allowed).toEqual(['router']);
    const env = named(production, 'Deployment', 'router').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'REDIS_URL').valueFrom.secretKeyRef).toEqual({ name: 'router-redis', key: 'REDIS_URL' });
  });

  it('runs more replicas than dev', () => {
    for (const s of services) {
      const p = named(production, 'HorizontalPodAutoscaler', s).spec;
      const d = named(dev, 'HorizontalPodAutoscaler', s).spec;
      expect(p.minReplicas, s).toBeGreaterThanOrEqual(3);
      expect(p.minReplicas, s).toBeGreaterThan(d.minReplicas);
      expect(p.maxReplicas, s).toBeGreaterThan(d.maxReplicas);
    }
  });

  it('pins images to a registry and a release tag', () => {
    for (const s of services) {
      expect(named(production, 'Deployment', s).spec.template.spec.containers[0].image).toMatch(
        new RegExp(`^[\\w.-]+(:\\d+)?/.+/${s}:\\d+\\.\\d+\\.\\d+$`),
      );
    }
  });

  it('keeps each database within its connection budget at full scale', () => {
    for (const s of subgraphs) {
      const deployment = named(production, 'Deployment', s);
      const env = named(production, 'ConfigMap', deployment.spec.template.spec.containers[0].envFrom[0].configMapRef.name).data;
      const pool = Number(env.DB_POOL_MAX);
      const maxPods = named(production, 'HorizontalPodAutoscaler', s).spec.maxReplicas + deployment.spec.strategy.rollingUpdate.maxSurge;
      const migration = 1; // the Job holds at most one pool while it runs
      expect(pool * (maxPods + migration), s).toBeLessThanOrEqual(connectionBudget);
    }
  });
});

/** Names of the workloads whose pods may open a connection to `target`'s pods on `port`. */
function reachers(overlay: Overlay, target: string, port: number): string[] {
  const objects = renderOverlay(overlay);
  const policies = ofKind(objects, 'NetworkPolicy') as any[];
  const all = workloads(objects);
  const targetLabels = all.find((w) => w.obj.metadata.name === target)!.labels;
  const ingressPolicies = policies.filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, targetLabels));
  return all
    .filter((source) => source.obj.metadata.name !== target)
    .filter((source) =>
      ingressPolicies.some((p) =>
        (p.spec.ingress ?? []).some(
          (rule: any) => portMatches(rule.ports, port) && (rule.from === undefined || rule.from.some((peer: any) => peerMatches(peer, source.labels))),
        ),
      ),
    )
    .filter((source) => allowsEgress(overlay, source.labels, port, targetLabels))
    .map((w) => w.obj.metadata.name)
    .sort();
}

/**
 * Names of the workloads the ingress rules selecting `target` admit on `port`, or ['anyone']
 * when a rule admits any source (no `from`, an ipBlock, or another namespace).
 */
function ingressSources(overlay: Overlay, target: string, port: number): string[] {
  const objects = renderOverlay(overlay);
  const all = workloads(objects);
  const targetLabels = all.find((w) => w.obj.metadata.name === target)!.labels;
  const rules = (ofKind(objects, 'NetworkPolicy') as any[])
    .filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, targetLabels))
    .flatMap((p) => (p.spec.ingress ?? []) as any[])
    .filter((rule) => portMatches(rule.ports, port));
  if (rules.some((rule) => !rule.from?.length || rule.from.some((peer: any) => peer.ipBlock || peer.namespaceSelector))) return ['anyone'];
  return all
    .filter((source) => rules.some((rule) => rule.from.some((peer: any) => peerMatches(peer, source.labels))))
    .map((w) => w.obj.metadata.name)
    .sort();
}

function allowsEgress(overlay: Overlay, labels: Record<string, string>, port: number, targetLabels?: Record<string, string>): boolean {
  const policies = ofKind(renderOverlay(overlay), 'NetworkPolicy') as any[];
  return policies
    .filter((p) => p.spec.policyTypes.includes('Egress') && selects(p.spec.podSelector, labels))
    .some((p) =>
      (p.spec.egress ?? []).some(
        (rule: any) =>
          portMatches(rule.ports, port) &&
          (rule.to === undefined || rule.to.some((peer: any) => peer.ipBlock || (targetLabels ? peerMatches(peer, targetLabels) : true))),
      ),
    );
}

function portMatches(rulePorts: any[] | undefined, port: number): boolean {
  return rulePorts === undefined || rulePorts.some((p) => p.port === port || p.port === undefined);
}

/** A peer in the same namespace: a podSelector alone (a namespaceSelector means other namespaces). */
function peerMatches(peer: any, labels: Record<string, string>): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) return false;
  return selects(peer.podSelector, labels);
}
