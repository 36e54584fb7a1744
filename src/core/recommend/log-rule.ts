/**
 * `defineLogRule`: a recommendation rule that applies when an insight's log evidence holds a
 * template matching a pattern (a timeout, a throttling exception, access denied, ...). Its
 * reason quotes the template and its counts; its related anomalies are the insight's anomalies
 * on the resource the log group belongs to.
 */
import type { Anomaly } from '../model';
import { assembleRule } from './define';
import type { LogAnomaly } from '../logs/schema';
import type { Evidence, RecommendContext, RecommendationRule, Service } from './types';

export interface LogRuleSpec {
  readonly id: string;
  readonly name: string;
  readonly service: Service;
  readonly link: string;
  readonly weight: number;
  /** Tested against the template and its sample lines. */
  readonly pattern: RegExp;
  readonly description: string;
  readonly supersedes?: readonly string[];
}

function matching(ctx: RecommendContext, pattern: RegExp): LogAnomaly[] {
  return (ctx.insight.logAnomalies ?? []).filter((l) => pattern.test(l.template) || l.samples.some((s) => pattern.test(s)));
}

function related(ctx: RecommendContext, logs: readonly LogAnomaly[]): Anomaly[] {
  const ids = new Set(logs.map((l) => l.resourceId));
  return ctx.anomalies.filter((a) => ids.has(a.resourceId));
}

function quote(l: LogAnomaly): string {
  const text = l.template.length > 120 ? `${l.template.slice(0, 119)}…` : l.template;
  return `"${text}" in ${l.logGroup} (${l.windowCount} lines since onset, ${l.baselineCount} before)`;
}

export function defineLogRule(spec: LogRuleSpec): RecommendationRule {
  const evidence = (ctx: RecommendContext): Evidence | undefined => {
    const logs = matching(ctx, spec.pattern);
    return logs.length ? { anomalies: related(ctx, logs), events: [] } : undefined;
  };
  return assembleRule(spec, evidence, (ev, ctx) => {
    const logs = matching(ctx, spec.pattern);
    return {
      reason: `The logs say so: ${quote(logs[0]!)}${logs.length > 1 ? ` and ${logs.length - 1} more` : ''}.`,
      relatedAnomalies: ev.anomalies.map((a) => a.id),
      relatedEvents: [],
    };
  });
}
