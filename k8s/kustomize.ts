/**
 * A renderer for exactly the kustomize features k8s/ uses, so `npm test` renders the overlays
 * without kubectl or a kustomize binary. Anything else in a kustomization.yaml is an error, not
 * a silent misrender; where kubectl exists, a test compares this output with `kubectl kustomize`.
 *
 * Supported: resources (files, and directories holding a kustomization), namespace, images,
 * configMapGenerator (literals, files; behavior create/merge/replace; content-hash name suffix
 * and the references to it in pod specs), patches (JSON 6902 operations, target by kind/name).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

interface Resource {
  obj: K8sObject;
  /** The generator's name for a generated ConfigMap, before the hash suffix. */
  generatedName?: string;
}

const supportedFields = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'configMapGenerator', 'patches']);
const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass']);

/** Renders the kustomization in `dir` as `kubectl kustomize dir` would. */
export function render(dir: string): K8sObject[] {
  const resources = accumulate(resolve(dir));
  // As kustomize does, name hashes are added once, at the top level, after every overlay merged
  // its generator changes; then every reference to a generated name is pointed at the new one.
  const renamed = new Map<string, string>();
  for (const r of resources) {
    if (r.generatedName === undefined) continue;
    const hashed = `${r.generatedName}-${configMapHash(r.obj)}`;
    renamed.set(refKey(r.obj.metadata.namespace, r.generatedName), hashed);
    r.obj.metadata.name = hashed;
  }
  for (const r of resources) {
    for (const ref of configMapRefs(r.obj)) {
      const hashed = renamed.get(refKey(r.obj.metadata.namespace, ref.get()));
      if (hashed) ref.set(hashed);
    }
  }
  return resources.map((r) => r.obj);
}

function accumulate(dir: string): Resource[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  for (const field of Object.keys(k)) {
    if (!supportedFields.has(field)) throw new Error(`${file}: "${field}" is not supported by k8s/kustomize.ts`);
  }
  const out: Resource[] = [];
  for (const entry of (k.resources ?? []) as string[]) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) {
      out.push(...accumulate(path));
    } else {
      for (const doc of parseAllDocuments(readFileSync(inside(dir, path), 'utf8'))) {
        if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]?.message}`);
        const obj = doc.toJS() as K8sObject | null;
        if (obj) out.push({ obj });
      }
    }
  }
  for (const gen of (k.configMapGenerator ?? []) as Generator[]) generate(dir, gen, out);
  for (const patch of (k.patches ?? []) as Patch[]) applyPatch(patch, out, file);
  if (k.namespace) {
    for (const r of out) if (!clusterScoped.has(r.obj.kind)) r.obj.metadata.namespace = k.namespace;
  }
  for (const image of (k.images ?? []) as Image[]) {
    for (const r of out) for (const c of containers(r.obj)) c.image = retag(c.image, image);
  }
  const seen = new Set<string>();
  for (const r of out) {
    const id = `${r.obj.kind}/${r.obj.metadata.namespace ?? ''}/${r.obj.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
  return out;
}

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  files?: string[];
  [key: string]: unknown;
}

function generate(dir: string, gen: Generator, out: Resource[]): void {
  const unknown = Object.keys(gen).filter((key) => !['name', 'behavior', 'literals', 'files'].includes(key));
  if (unknown.length > 0) throw new Error(`configMapGenerator ${gen.name}: ${unknown.join(', ')} not supported`);
  const data: Record<string, string> = {};
  for (const literal of gen.literals ?? []) {
    const eq = literal.indexOf('=');
    if (eq < 1) throw new Error(`configMapGenerator ${gen.name}: literal "${literal}" is not KEY=value`);
    data[literal.slice(0, eq)] = literal.slice(eq + 1);
  }
  for (const entry of gen.files ?? []) {
    const eq = entry.indexOf('=');
    const [key, path] = eq > 0 ? [entry.slice(0, eq), entry.slice(eq + 1)] : [basename(entry), entry];
    data[key] = readFileSync(inside(dir, resolve(dir, path)), 'utf8');
  }
  const behavior = gen.behavior ?? 'create';
  const existing = out.find((r) => r.generatedName === gen.name);
  if (behavior === 'create') {
    if (existing) throw new Error(`configMapGenerator ${gen.name}: exists already (use behavior: merge)`);
    out.push({ obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: gen.name }, data }, generatedName: gen.name });
    return;
  }
  if (!existing) throw new Error(`configMapGenerator ${gen.name}: behavior ${behavior} needs a ConfigMap from a base`);
  existing.obj['data'] = behavior === 'merge' ? { ...(existing.obj['data'] as object), ...data } : data;
}

interface Patch {
  target: { kind?: string; name?: string };
  patch: string;
  [key: string]: unknown;
}
interface Operation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

function applyPatch(patch: Patch, out: Resource[], file: string): void {
  if (Object.keys(patch).some((key) => key !== 'target' && key !== 'patch')) throw new Error(`${file}: only target + patch`);
  const ops = parse(patch.patch) as Operation[];
  if (!Array.isArray(ops)) throw new Error(`${file}: only JSON 6902 patches (a list of operations) are supported`);
  const targets = out.filter(
    (r) =>
      (!patch.target.kind || r.obj.kind === patch.target.kind) && (!patch.target.name || r.obj.metadata.name === patch.target.name),
  );
  if (targets.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(patch.target)} matches nothing`);
  for (const r of targets) for (const op of ops) applyOperation(r.obj, op);
}

function applyOperation(obj: K8sObject, op: Operation): void {
  const keys = op.path
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  if (last === undefined) throw new Error(`patch path "${op.path}" is empty`);
  let parent: any = obj;
  for (const key of keys) {
    parent = parent?.[Array.isArray(parent) ? Number(key) : key];
    if (parent === undefined || parent === null) throw new Error(`patch path "${op.path}" does not exist in ${obj.kind}/${obj.metadata.name}`);
  }
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (op.op === 'add') parent.splice(index, 0, op.value);
    else if (index >= parent.length) throw new Error(`patch path "${op.path}" does not exist`);
    else if (op.op === 'replace') parent[index] = op.value;
    else parent.splice(index, 1);
    return;
  }
  if (op.op !== 'add' && !(last in parent)) throw new Error(`patch path "${op.path}" does not exist in ${obj.kind}/${obj.metadata.name}`);
  if (op.op === 'remove') delete parent[last];
  else parent[last] = op.value;
}

interface Image {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function retag(reference: string, image: Image): string {
  const at = reference.indexOf('@');
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  if (name !== image.name) return reference;
  const suffix = image.digest
    ? `@${image.digest}`
    : image.newTag
      ? `:${image.newTag}`
      : at >= 0
        ? reference.slice(at)
        : hasTag
          ? withoutDigest.slice(colon)
          : '';
  return `${image.newName ?? name}${suffix}`;
}

/** The pod specs of a workload, wherever its kind keeps them. */
export function podSpecs(obj: K8sObject): any[] {
  const spec = obj['spec'] as any;
  if (!spec) return [];
  if (obj.kind === 'Pod') return [spec];
  if (obj.kind === 'CronJob') return [spec.jobTemplate?.spec?.template?.spec].filter(Boolean);
  return [spec.template?.spec].filter(Boolean);
}

function containers(obj: K8sObject): { image: string }[] {
  return podSpecs(obj).flatMap((pod) => [...(pod.initContainers ?? []), ...(pod.containers ?? [])]);
}

function configMapRefs(obj: K8sObject): { get(): string; set(name: string): void }[] {
  const refs: { get(): string; set(name: string): void }[] = [];
  const at = (holder: any, key: string) => {
    if (holder && typeof holder[key] === 'string') refs.push({ get: () => holder[key], set: (name) => (holder[key] = name) });
  };
  for (const pod of podSpecs(obj)) {
    for (const volume of pod.volumes ?? []) {
      at(volume.configMap, 'name');
      for (const source of volume.projected?.sources ?? []) at(source.configMap, 'name');
    }
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const from of c.envFrom ?? []) at(from.configMapRef, 'name');
      for (const env of c.env ?? []) at(env.valueFrom?.configMapKeyRef, 'name');
    }
  }
  return refs;
}

/**
 * kustomize's name suffix (api/hasher): sha256 over Go's JSON encoding of {data, kind, name}
 * (keys sorted, <, >, & escaped as Go does), its first 10 hex digits with 0 1 3 a e swapped out.
 * kustomize looks the name up as one field called "metadata/name", finds nothing and hashes "",
 * so the name never counts: the same data under two names gets the same suffix.
 */
export function configMapHash(cm: K8sObject): string {
  const data = (cm['data'] ?? {}) as Record<string, string>;
  const sorted = Object.fromEntries(Object.keys(data).sort().map((key) => [key, data[key]]));
  const json = JSON.stringify({ data: sorted, kind: 'ConfigMap', name: '' }).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const hex = createHash('sha256').update(json).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!);
}

function inside(dir: string, path: string): string {
  const rel = relative(dir, path);
  if (rel.startsWith('..')) throw new Error(`${path} is outside ${dir}; kustomize only reads files in or below it`);
  return path;
}

function refKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
