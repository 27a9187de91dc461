/** configMapGenerator: ConfigMaps from literals and files, their content-hash names, the references to them. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { inside, type K8sObject, podSpecs, type Resource } from './kustomize-objects';

export interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  files?: string[];
  [key: string]: unknown;
}

export function generate(dir: string, gen: Generator, out: Resource[]): void {
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

export function configMapRefs(obj: K8sObject): { get(): string; set(name: string): void }[] {
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
