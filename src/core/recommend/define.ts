/**
 * `defineRule` turns a declarative rule (which anomalies and events it needs, what it says)
 * into a RecommendationRule. Rule files stay short and read like the catalog's documentation.
 */
import { SEVERITY_RANK, type Anomaly, type EventClass, type Insight, type OpsEvent, type Recommendation } from '../model';
import { describeAnomaly, describeEvent, describeForecast, joinWords } from './text';
import type { Evidence, RecommendContext, RecommendationRule, Service } from './types';

/** Which anomalies a rule looks for. Every given field must match. */
export interface AnomalyPattern {
  /** CloudWatch namespace, e.g. `AWS/Lambda`. */
  readonly namespace?: string;
  /** Tested against the metric name. */
  readonly metric: RegExp;
  readonly direction?: 'ABOVE' | 'BELOW';
  /** CloudFormation resource type, e.g. `AWS::Lambda::Function`. */
  readonly resourceType?: string;
  /** Tested against the resource name (e.g. `/dlq/i` for dead-letter queues). */
  readonly resourceName?: RegExp;
}

/** Which events a rule needs. Every given field must match. */
export interface EventPattern {
  readonly classes?: readonly EventClass[];
  /** Event source, e.g. `lambda.amazonaws.com`; a list means any of them. */
  readonly sources?: readonly string[];
  /** Tested against the event name. */
  readonly name?: RegExp;
  /** The event must touch a resource of a matched anomaly (by name or id). @default true */
  readonly sameResource?: boolean;
}

export interface RuleSpec {
  readonly id: string;
  readonly name: string;
  readonly service: Service;
  readonly link: string;
  readonly weight: number;
  readonly supersedes?: readonly string[];
  /** Only for insights of this type. @default either */
  readonly insightType?: Insight['type'];
  /** At least one anomaly must match one of these. */
  readonly anomalies: readonly AnomalyPattern[];
  /** Each of these must also match at least one anomaly (e.g. errors AND duration). */
  readonly alsoRequires?: readonly AnomalyPattern[];
  /** When present, at least one relevant event must match. */
  readonly events?: EventPattern;
  /** What to do, in one or two sentences. */
  readonly description: string;
  /** Optional extra sentence appended to the evidence-based reason. */
  readonly because?: string;
}

export function anomalyMatches(a: Anomaly, p: AnomalyPattern): boolean {
  if (p.namespace !== undefined && a.series.namespace !== p.namespace) return false;
  if (!p.metric.test(a.series.metricName)) return false;
  if (p.direction !== undefined && a.direction !== p.direction) return false;
  if (p.resourceType !== undefined && a.resourceType !== p.resourceType) return false;
  if (p.resourceName !== undefined && !p.resourceName.test(a.resourceName)) return false;
  return true;
}

export function eventMatches(e: OpsEvent, p: EventPattern, anomalies: readonly Anomaly[]): boolean {
  if (p.classes !== undefined && !p.classes.includes(e.class)) return false;
  if (p.sources !== undefined && !p.sources.includes(e.source)) return false;
  if (p.name !== undefined && !p.name.test(e.name)) return false;
  if (p.sameResource ?? true) {
    const names = new Set(anomalies.flatMap((a) => [a.resourceName, a.resourceId]));
    if (!e.resources.some((r) => names.has(r.name))) return false;
  }
  return true;
}

/** Strongest first: severity, then score, then earliest, then id. */
function byStrength(x: Anomaly, y: Anomaly): number {
  return SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || y.score - x.score || x.timeRange.start - y.timeRange.start || x.id.localeCompare(y.id);
}

/** Explains the evidence in words: the anomalies (or forecasts) and the events it matched. */
function reasonFor(ev: Evidence, ctx: RecommendContext, because?: string): string {
  const phrases = ev.anomalies.slice(0, 3).map((a) => {
    const f = ctx.forecasts?.get(a.id);
    return f ? describeForecast(a, f) : describeAnomaly(a);
  });
  const more = ev.anomalies.length > 3 ? ` (and ${ev.anomalies.length - 3} more)` : '';
  let text = `${joinWords(phrases)}${more}.`;
  if (ctx.insight.type === 'PROACTIVE' && ev.anomalies.every((a) => !ctx.forecasts?.has(a.id)) && ctx.insight.predictionTimeRange) {
    text += ` Opsight predicts the limit is reached from ${describeRangeStart(ctx.insight)}.`;
  }
  if (ev.events.length) {
    text += ` Relevant change${ev.events.length > 1 ? 's' : ''}: ${joinWords(ev.events.slice(0, 2).map(describeEvent))}.`;
  }
  if (because) text += ` ${because}`;
  return text;
}

function describeRangeStart(insight: Insight): string {
  const r = insight.predictionTimeRange;
  return r ? new Date(r.start).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'soon';
}

export function defineRule(spec: RuleSpec): RecommendationRule {
  const evidence = (ctx: RecommendContext): Evidence | undefined => {
    if (spec.insightType !== undefined && ctx.insight.type !== spec.insightType) return undefined;
    const matched = ctx.anomalies.filter((a) => spec.anomalies.some((p) => anomalyMatches(a, p)));
    if (matched.length === 0) return undefined;
    const all = new Set(matched);
    for (const p of spec.alsoRequires ?? []) {
      const extra = ctx.anomalies.filter((a) => anomalyMatches(a, p));
      if (extra.length === 0) return undefined;
      for (const a of extra) all.add(a);
    }
    const anomalies = [...all].sort(byStrength);
    let events: OpsEvent[] = [];
    if (spec.events) {
      const pattern = spec.events;
      events = ctx.events.filter((e) => eventMatches(e, pattern, anomalies)).sort((x, y) => y.time - x.time || x.id.localeCompare(y.id));
      if (events.length === 0) return undefined;
    }
    return { anomalies, events };
  };
  return assembleRule(spec, evidence, (ev, ctx) => ({ reason: reasonFor(ev, ctx, spec.because), relatedAnomalies: ev.anomalies.map((a) => a.id), relatedEvents: ev.events.map((e) => e.id) }));
}

/** What every rule states about itself. */
export type RuleIdentity = Pick<RuleSpec, 'id' | 'name' | 'service' | 'link' | 'weight' | 'supersedes' | 'description'>;

/**
 * A RecommendationRule from its identity, how it finds evidence, and how it explains a match
 * (the reason and related ids). Shared by metric rules and log rules.
 */
export function assembleRule(
  spec: RuleIdentity,
  evidence: (ctx: RecommendContext) => Evidence | undefined,
  explain: (ev: Evidence, ctx: RecommendContext) => Pick<Recommendation, 'reason' | 'relatedAnomalies' | 'relatedEvents'>,
): RecommendationRule {
  return {
    id: spec.id,
    name: spec.name,
    service: spec.service,
    link: spec.link,
    weight: spec.weight,
    supersedes: spec.supersedes ?? [],
    evidence,
    matches: (ctx) => evidence(ctx) !== undefined,
    recommend(ctx): Recommendation {
      const ev = evidence(ctx);
      if (!ev) throw new Error(`rule ${spec.id} does not apply to insight ${ctx.insight.id}`);
      return { name: spec.name, description: spec.description, link: spec.link, ...explain(ev, ctx) };
    },
  };
}
