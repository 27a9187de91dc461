import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig as loadGymsConfig, loadMigrationConfig as loadGymsMigrationConfig } from '@clmb/gyms/config';
import { loadConfig as loadRouterConfig } from '@clmb/router/config';
import { loadConfig as loadUsersConfig, loadMigrationConfig as loadUsersMigrationConfig } from '@clmb/users/config';
import { generateSigningKeys } from '@clmb/testkit';
import { type K8sObject, podSpecs, render } from '../kustomize';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const k8sDir = fileURLToPath(new URL('../', import.meta.url));
export const readRepoFile = (path: string) => readFileSync(new URL(path, `file://${root}`), 'utf8');

export const overlays = ['dev', 'production'] as const;
export type Overlay = (typeof overlays)[number];
export const services = ['users', 'gyms', 'router'] as const;
export type Service = (typeof services)[number];
export const subgraphs = ['users', 'gyms'] as const;
export const ports: Record<Service, number> = { router: 4000, users: 4001, gyms: 4002 };

/** Each service's own config parser: what the process would accept or refuse at start-up. */
const serverConfig: Record<Service, (env: NodeJS.ProcessEnv) => unknown> = {
  users: loadUsersConfig,
  gyms: loadGymsConfig,
  router: loadRouterConfig,
};
const migrationConfig: Partial<Record<Service, (env: NodeJS.ProcessEnv) => unknown>> = {
  users: loadUsersMigrationConfig,
  gyms: loadGymsMigrationConfig,
};

/** The config loader of what a container runs: the service itself, or its migration step. */
export function configLoader(service: Service, command: readonly string[] = []): (env: NodeJS.ProcessEnv) => unknown {
  const migration = command.some((arg) => arg.endsWith('/migrate.js')) ? migrationConfig[service] : undefined;
  return migration ?? serverConfig[service];
}

const rendered = new Map<string, K8sObject[]>();
export function renderOverlay(overlay: Overlay | 'base'): K8sObject[] {
  const dir = overlay === 'base' ? `${k8sDir}base` : `${k8sDir}overlays/${overlay}`;
  if (!rendered.has(dir)) rendered.set(dir, render(dir));
  return structuredClone(rendered.get(dir)!);
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
export const named = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found as any;
};

/** Workloads: anything with a pod template, and the labels its pods carry. */
export function workloads(objects: K8sObject[]) {
  return objects
    .filter((o) => podSpecs(o).length > 0)
    .map((o) => ({ obj: o as any, pod: podSpecs(o)[0], labels: ((o as any).spec.template.metadata.labels ?? {}) as Record<string, string> }));
}

/** The clmb service a container runs, from its image (clmb/users, registry/clmb/users:tag, ...). */
export function serviceOfImage(image: string): Service | undefined {
  const match = /(?:^|\/)clmb\/(users|gyms|router)(?::|@|$)/.exec(image);
  return match?.[1] as Service | undefined;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    const ok =
      e.operator === 'In'
        ? has && (e.values ?? []).includes(value!)
        : e.operator === 'NotIn'
          ? !has || !(e.values ?? []).includes(value!)
          : e.operator === 'Exists'
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

/**
 * Secrets that no manifest renders: the operator creates them (k8s/overlays/dev/create-secrets.sh
 * in dev). The values stand in for real ones, in the shapes the services accept.
 */
export async function externalSecrets(overlay: Overlay): Promise<Record<string, Record<string, string>>> {
  const keys = await signingKeys();
  const secrets: Record<string, Record<string, string>> = {
    'clmb-jwt': keys,
    // As create-secrets.sh makes it (`openssl rand -hex 32`): production refuses placeholders.
    'clmb-subgraph-secret': { SUBGRAPH_SECRET: randomBytes(32).toString('hex') },
    'users-database': { DATABASE_URL: 'postgres://users:placeholder@users-db.example:5432/users' },
    'gyms-database': { DATABASE_URL: 'postgres://gyms:placeholder@gyms-db.example:5432/gyms' },
    'users-smtp': { SMTP_URL: overlay === 'dev' ? 'smtp://mailpit:1025' : 'smtps://clmb:placeholder@smtp.example:465' },
  };
  if (overlay === 'production') secrets['router-redis'] = { REDIS_URL: 'rediss://:placeholder@redis.example:6379' };
  if (overlay === 'dev') secrets['postgres'] = { POSTGRES_PASSWORD: 'p', USERS_DB_PASSWORD: 'u', GYMS_DB_PASSWORD: 'g' };
  return secrets;
}

let keys: Promise<{ JWT_PRIVATE_KEY: string; JWT_PUBLIC_KEY: string }> | undefined;
export function signingKeys() {
  keys ??= generateSigningKeys();
  return keys;
}

/**
 * The environment a container gets, as the kubelet builds it: envFrom first, then env, with
 * ConfigMap and Secret references resolved from the rendered objects or the external Secrets.
 * A reference to a missing object or key is an error, as it would be for the kubelet.
 */
export function containerEnv(
  container: any,
  objects: K8sObject[],
  external: Record<string, Record<string, string>>,
): Record<string, string> {
  const source = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> => {
    const obj = objects.find((o) => o.kind === kind && o.metadata.name === name) as any;
    if (obj && kind === 'ConfigMap') return obj.data ?? {};
    if (obj) return { ...decode(obj.data), ...obj.stringData };
    if (kind === 'Secret' && external[name]) return external[name];
    throw new Error(`${container.name}: ${kind} ${name} is neither rendered nor an external Secret`);
  };
  const lookup = (kind: 'ConfigMap' | 'Secret', name: string, key: string) => {
    const value = source(kind, name)[key];
    if (value === undefined) throw new Error(`${container.name}: ${kind} ${name} has no key ${key}`);
    return value;
  };
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, source('ConfigMap', from.configMapRef.name));
    if (from.secretRef) Object.assign(env, source('Secret', from.secretRef.name));
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.secretKeyRef) env[e.name] = lookup('Secret', e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    else if (e.valueFrom?.configMapKeyRef)
      env[e.name] = lookup('ConfigMap', e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.key);
    else throw new Error(`${container.name}: env ${e.name} has a source this test does not resolve`);
  }
  return env;
}

function decode(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}
