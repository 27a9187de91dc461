/** patches: JSON 6902 operations (add, replace, remove) on the resources a target selects. */
import { parse } from 'yaml';
import type { K8sObject, Resource } from './kustomize-objects';

export interface Patch {
  target: { kind?: string; name?: string };
  patch: string;
  [key: string]: unknown;
}
interface Operation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export function applyPatch(patch: Patch, out: Resource[], file: string): void {
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
