import { describe, expect, it } from 'vitest';
import { named, ofKind, overlays, ports, readRepoFile, renderOverlay, selects, services, subgraphs, workloads } from './helpers';
import { allowsEgress, ingressSources, reachers } from './network';

describe.each(overlays)('%s overlay: network policies', (overlay) => {
  const objects = renderOverlay(overlay);

  it('selects every pod with a NetworkPolicy that denies by default, ingress and egress', () => {
    const policies = ofKind(objects, 'NetworkPolicy') as any[];
    for (const w of workloads(objects)) {
      const covering = policies.filter((p) => selects(p.spec.podSelector, w.labels));
      expect(covering.some((p) => p.spec.policyTypes.includes('Ingress')), w.obj.metadata.name).toBe(true);
      expect(covering.some((p) => p.spec.policyTypes.includes('Egress')), w.obj.metadata.name).toBe(true);
    }
  });

  it('lets only the router reach the subgraphs (and users reach gyms, to check ids on writes; gyms reach users, for token revocations)', () => {
    const expected: Record<string, string[]> = { users: ['gyms', 'router'], gyms: ['router', 'users'] };
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
});

describe.each(overlays)('%s overlay: metrics scraping', (overlay) => {
  const objects = renderOverlay(overlay);
  const servers = workloads(objects).filter((w) => w.obj.kind === 'Deployment' && (services as readonly string[]).includes(w.obj.metadata.name));

  it('announces /metrics on port 9464 to Prometheus pod discovery, where METRICS_PORT serves it', () => {
    expect(servers.map((w) => w.obj.metadata.name).sort()).toEqual(['gyms', 'router', 'users']);
    for (const w of servers) {
      const container = w.pod.containers[0];
      expect(w.obj.spec.template.metadata.annotations, w.obj.metadata.name).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9464',
        'prometheus.io/path': '/metrics',
      });
      expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 9464 });
      expect(named(objects, 'ConfigMap', container.envFrom[0].configMapRef.name).data['METRICS_PORT']).toBe('9464');
    }
  });

  it('opens the metrics port to Prometheus in the monitoring namespace only', () => {
    const policies = ofKind(objects, 'NetworkPolicy') as any[];
    for (const w of servers) {
      const peers = policies
        .filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, w.labels))
        .flatMap((p) => (p.spec.ingress ?? []) as any[])
        .filter((rule) => rule.ports === undefined || rule.ports.some((port: any) => port.port === 9464))
        .flatMap((rule) => rule.from ?? ['anyone']);
      expect(peers, w.obj.metadata.name).toEqual([
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        },
      ]);
    }
  });
});

describe('dev overlay: network policies', () => {
  const objects = renderOverlay('dev');

  it('runs Postgres in the cluster, reachable only from the subgraphs', () => {
    const postgres = named(objects, 'StatefulSet', 'postgres');
    expect(postgres.spec.template.spec.containers[0].image).toBe('postgres:17');
    const init = postgres.spec.template.spec.volumes.find((v: any) => v.name === 'init');
    expect(named(objects, 'ConfigMap', init.configMap.name).data['10-service-databases.sh']).toContain('CREATE ROLE');
    expect(reachers('dev', 'postgres', 5432)).toEqual(['gyms', 'gyms-migrate', 'users', 'users-migrate']);
    expect(ingressSources('dev', 'postgres', 5432)).toEqual(['gyms', 'gyms-migrate', 'users', 'users-migrate']);
  });
});

describe('dev overlay: Redis', () => {
  const objects = renderOverlay('dev');

  it('runs Redis in the cluster for the router replicas and the events users publishes, reachable only from those two', () => {
    const redis = named(objects, 'StatefulSet', 'redis');
    expect(redis.spec.template.spec.containers[0].image).toMatch(/^redis:\d+\.\d+\.\d+/);
    expect(reachers('dev', 'redis', 6379)).toEqual(['router', 'users']);
    expect(ingressSources('dev', 'redis', 6379)).toEqual(['router', 'users']);
    for (const service of ['router', 'users']) {
      const config = named(objects, 'Deployment', service).spec.template.spec.containers[0].envFrom[0].configMapRef.name;
      expect(named(objects, 'ConfigMap', config).data.REDIS_URL).toBe('redis://redis:6379');
    }
  });
});

describe('dev overlay: Mailpit', () => {
  const objects = renderOverlay('dev');

  it('runs a pinned Mailpit that only the users service reaches, at the URL of the Secret users-smtp', async () => {
    const mailpit = named(objects, 'StatefulSet', 'mailpit');
    expect(mailpit.spec.template.spec.containers[0].image).toMatch(/^axllent\/mailpit:v\d+\.\d+\.\d+$/);
    expect(reachers('dev', 'mailpit', 1025)).toEqual(['users']);
    expect(ingressSources('dev', 'mailpit', 1025)).toEqual(['users']);
    const env = named(objects, 'Deployment', 'users').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'SMTP_URL').valueFrom.secretKeyRef).toEqual({ name: 'users-smtp', key: 'SMTP_URL' });
    expect(readRepoFile('k8s/overlays/dev/create-secrets.sh')).toContain('--from-literal=SMTP_URL="smtp://mailpit:1025"');
  });
});

describe('production overlay: network policies', () => {
  const production = renderOverlay('production');

  it('runs no database, and lets the subgraphs out only to port 5432', () => {
    expect(ofKind(production, 'StatefulSet')).toEqual([]);
    const egress = named(production, 'NetworkPolicy', 'database-egress');
    expect(egress.spec.egress).toEqual([{ to: [{ ipBlock: expect.objectContaining({ cidr: expect.any(String) }) }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
  });

  it('lets only the router and users (events) out to Redis on 6379, whose URL comes from the Secret router-redis', () => {
    const allowed = workloads(production)
      .filter((w) => allowsEgress('production', w.labels, 6379))
      .map((w) => w.obj.metadata.name)
      .sort();
    expect(allowed).toEqual(['router', 'users']);
    for (const service of ['router', 'users']) {
      const env = named(production, 'Deployment', service).spec.template.spec.containers[0].env;
      expect(env.find((e: any) => e.name === 'REDIS_URL').valueFrom.secretKeyRef).toEqual({ name: 'router-redis', key: 'REDIS_URL' });
    }
  });

  it('lets only users out to a mail server on the submission ports, whose URL comes from the Secret users-smtp', () => {
    for (const port of [587, 465]) {
      const allowed = workloads(production)
        .filter((w) => allowsEgress('production', w.labels, port))
        .map((w) => w.obj.metadata.name);
      expect(allowed, String(port)).toEqual(['users']);
    }
    const env = named(production, 'Deployment', 'users').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'SMTP_URL').valueFrom.secretKeyRef).toEqual({ name: 'users-smtp', key: 'SMTP_URL' });
  });
});
