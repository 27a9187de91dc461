/** What the rendered NetworkPolicies allow, worked out the way the cluster would enforce them. */
import { type Overlay, ofKind, renderOverlay, selects, workloads } from './helpers';

export function reachers(overlay: Overlay, target: string, port: number): string[] {
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
export function ingressSources(overlay: Overlay, target: string, port: number): string[] {
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

export function allowsEgress(overlay: Overlay, labels: Record<string, string>, port: number, targetLabels?: Record<string, string>): boolean {
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
