/**
 * A renderer for exactly the kustomize features k8s/ uses, so `npm test` renders the overlays
 * without kubectl or a kustomize binary. Anything else in a kustomization.yaml is an error, not
 * a silent misrender; where kubectl exists, a test compares this output with `kubectl kustomize`.
 *
 * Supported: resources (files, and directories holding a kustomization), namespace, images,
 * configMapGenerator (literals, files; behavior create/merge/replace; content-hash name suffix
 * and the references to it in pod specs), patches (JSON 6902 operations, target by kind/name).
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { configMapHash, configMapRefs, type Generator, generate } from './kustomize-configmaps';
import { containers, inside, type K8sObject, type Resource } from './kustomize-objects';
import { applyPatch, type Patch } from './kustomize-patches';

export { configMapHash } from './kustomize-configmaps';
export { type K8sObject, podSpecs } from './kustomize-objects';

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

function refKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
