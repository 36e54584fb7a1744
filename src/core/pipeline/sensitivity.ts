/**
 * Detection sensitivity: users tune how readily a series raises anomalies, globally, per
 * stack and per namespace (`sensitivity` in the configuration), without touching detectors.
 */
import type { Resource, Series } from '../model';

export interface SensitivityConfig {
  /** Factor for every series (1 = the tested default). */
  readonly default: number;
  /** Per CloudFormation stack; replaces `default` for the stack's series. */
  readonly stacks: Readonly<Record<string, number>>;
  /** Per CloudWatch namespace; multiplies the stack's (or default) factor. */
  readonly namespaces: Readonly<Record<string, number>>;
}

/** The factor for one series: `(stacks[stack] ?? default) × (namespaces[namespace] ?? 1)`. O(1). */
export function sensitivityFor(cfg: SensitivityConfig | undefined, resource: Pick<Resource, 'stack'>, series: Pick<Series, 'namespace'>): number {
  if (!cfg) return 1;
  const base = (resource.stack !== undefined ? cfg.stacks[resource.stack] : undefined) ?? cfg.default;
  return base * (cfg.namespaces[series.namespace] ?? 1);
}

/**
 * The score threshold at sensitivity `s`: `1 - (1 - t)^(1/s)`. At s = 1 it is the detector's own
 * threshold; s > 1 lowers it (more anomalies), s < 1 raises it, and it stays inside (0, 1) for
 * any positive s. Scores are calibrated tail probabilities, so the map scales the tail mass a
 * point must fall in rather than shifting the threshold linearly. O(1).
 */
export function thresholdAt(threshold: number, s: number): number {
  if (s === 1) return threshold;
  return 1 - Math.pow(1 - threshold, 1 / s);
}
