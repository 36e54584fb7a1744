/**
 * The severity of a reactive insight, from its anomalies:
 * - each anomaly's severity already combines its metric's criticality with its magnitude
 *   (raised one step when the peak is two band widths or more out, see the anomaly tracker);
 * - anomalies that are not notable on their own (short blips) count at most MEDIUM;
 * - breadth: when `breadthResources` or more distinct resources have notable anomalies, the
 *   problem is spreading and the severity is raised one step.
 * The insight's severity is the highest of these and never goes down while it is open.
 */
import { SEVERITY_RANK, type Anomaly, type Severity } from '../model';
import type { ResolvedCorrelatorConfig } from './config';
import { notableIds } from './significance';

const BY_RANK: readonly Severity[] = ['LOW', 'LOW', 'MEDIUM', 'HIGH'];

function raise(s: Severity): Severity {
  return BY_RANK[Math.min(3, SEVERITY_RANK[s] + 1)] ?? 'HIGH';
}

/** Severity from the members, before the never-downgrade rule. O(n). */
export function insightSeverity(members: readonly Anomaly[], cfg: ResolvedCorrelatorConfig): Severity {
  let rank = 1;
  const notableResources = new Set<string>();
  const ids = notableIds(members, cfg);
  for (const a of members) {
    const notable = ids.has(a.id);
    if (notable) notableResources.add(a.resourceId);
    rank = Math.max(rank, notable ? SEVERITY_RANK[a.severity] : Math.min(2, SEVERITY_RANK[a.severity]));
  }
  const base = BY_RANK[rank] ?? 'LOW';
  return notableResources.size >= cfg.breadthResources ? raise(base) : base;
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}
