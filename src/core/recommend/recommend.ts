/**
 * `recommend` runs the catalog over one insight, ranks what applies and drops the redundant:
 * rules superseded by a more specific one that also applies, and repeated documentation pages.
 */
import { SEVERITY_RANK, type Recommendation } from '../model';
import { CATALOG } from './catalog';
import type { Evidence, RecommendContext, RecommendationRule } from './types';

/** What to recommend for: the insight, its anomalies and relevant events (and forecasts). */
export type RecommendInput = RecommendContext;

export interface RecommendOptions {
  /** At most this many recommendations. @default 5 */
  readonly limit?: number;
  /** Rules to use. @default CATALOG */
  readonly catalog?: readonly RecommendationRule[];
}

/** A rule that applies, with its rank. */
export interface RankedRule {
  readonly rule: RecommendationRule;
  readonly evidence: Evidence;
  readonly score: number;
}

/**
 * Rank = the rule's weight, plus 0.15 when a change event backs it, plus up to 0.1 for the
 * severity of its strongest anomaly, plus 0.1 when it explains a CAUSAL anomaly.
 */
export function scoreRule(rule: RecommendationRule, ev: Evidence): number {
  const sev = Math.max(0, ...ev.anomalies.map((a) => SEVERITY_RANK[a.severity]));
  const causal = ev.anomalies.some((a) => a.type === 'CAUSAL');
  return rule.weight + (ev.events.length ? 0.15 : 0) + 0.1 * (sev / 3) + (causal ? 0.1 : 0);
}

/** Every rule that applies, best first, before de-duplication. O(rules × (anomalies + events)). */
export function rankRules(input: RecommendInput, catalog: readonly RecommendationRule[] = CATALOG): RankedRule[] {
  const ctx: RecommendContext = input;
  const out: RankedRule[] = [];
  for (const rule of catalog) {
    const evidence = rule.evidence(ctx);
    if (evidence) out.push({ rule, evidence, score: scoreRule(rule, evidence) });
  }
  return out.sort((x, y) => y.score - x.score || x.rule.id.localeCompare(y.rule.id));
}

/** Ranked, de-duplicated recommendations for one insight. Pure and deterministic. */
export function recommend(input: RecommendInput, options: RecommendOptions = {}): Recommendation[] {
  const limit = options.limit ?? 5;
  const ranked = rankRules(input, options.catalog ?? CATALOG);
  const superseded = new Set(ranked.flatMap((r) => r.rule.supersedes));
  const links = new Set<string>();
  const names = new Set<string>();
  const out: Recommendation[] = [];
  for (const r of ranked) {
    if (out.length >= limit) break;
    if (superseded.has(r.rule.id)) continue;
    if (links.has(r.rule.link) || names.has(r.rule.name)) continue;
    links.add(r.rule.link);
    names.add(r.rule.name);
    out.push(r.rule.recommend(input));
  }
  return out;
}
