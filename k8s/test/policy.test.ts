import { describe, expect, it } from 'vitest';
import {
  named,
  ofKind,
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

