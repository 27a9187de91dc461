/** The objects the kustomize renderer works on, and where in them a pod spec and its images live. */
import { relative } from 'node:path';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Resource {
  obj: K8sObject;
  /** The generator's name for a generated ConfigMap, before the hash suffix. */
  generatedName?: string;
}

/** The pod specs of a workload, wherever its kind keeps them. */
export function podSpecs(obj: K8sObject): any[] {
  const spec = obj['spec'] as any;
  if (!spec) return [];
  if (obj.kind === 'Pod') return [spec];
  if (obj.kind === 'CronJob') return [spec.jobTemplate?.spec?.template?.spec].filter(Boolean);
  return [spec.template?.spec].filter(Boolean);
}

export function containers(obj: K8sObject): { image: string }[] {
  return podSpecs(obj).flatMap((pod) => [...(pod.initContainers ?? []), ...(pod.containers ?? [])]);
}

/** kustomize only reads files in or below a kustomization's folder. */
export function inside(dir: string, path: string): string {
  const rel = relative(dir, path);
  if (rel.startsWith('..')) throw new Error(`${path} is outside ${dir}; kustomize only reads files in or below it`);
  return path;
}
