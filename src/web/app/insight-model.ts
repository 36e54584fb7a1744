/**
 * What the insight page shows, decided without the DOM (tested in Node): which anomaly leads,
 * one chart per metric, the proactive title from the latest forecast, and times in texts
 * restated in the viewer's zone.
 */
import type { Anomaly, Insight } from '../../core';
import { formatLead } from '../../core/recommend/text';
import { fmtTime } from './format';

const SEVERITY_ORDER: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

/** Charts shown open; the others are one line each, opened on demand. */
export const OPEN_CHARTS = 4;

export interface ChartGroup {
  /** The series key: one chart per metric. */
  readonly key: string;
  /** The group's lead anomaly with the evidence and span of all its members merged. */
  readonly anomaly: Anomaly;
  readonly members: readonly Anomaly[];
  /** Whether the group holds the insight's causal anomaly. */
  readonly causal: boolean;
}

/** The insight's causal anomaly: the one the others name, else the first of type CAUSAL. */
export function causalOf(anomalies: readonly Anomaly[]): Anomaly | undefined {
  const named = new Map<string, number>();
  for (const a of anomalies) if (a.causalAnomalyId) named.set(a.causalAnomalyId, (named.get(a.causalAnomalyId) ?? 0) + 1);
  const byNames = [...named.entries()].sort((x, y) => y[1] - x[1])[0];
  return anomalies.find((a) => a.id === byNames?.[0]) ?? anomalies.find((a) => a.type === 'CAUSAL');
}

const rank = (a: Anomaly) => SEVERITY_ORDER[a.severity] ?? 0;
const bySeverity = (x: Anomaly, y: Anomaly) => rank(y) - rank(x) || y.score - x.score || x.timeRange.start - y.timeRange.start || x.id.localeCompare(y.id);

function merge(lead: Anomaly, members: readonly Anomaly[]): Anomaly {
  if (members.length === 1) return lead;
  const points = new Map<number, Anomaly['evidence'][number]>();
  for (const m of [...members].reverse()) for (const p of m.evidence) points.set(p.t, p);
  for (const p of lead.evidence) points.set(p.t, p);
  const ongoing = members.some((m) => m.timeRange.end === undefined);
  const start = Math.min(...members.map((m) => m.timeRange.start));
  const end = Math.max(...members.map((m) => m.timeRange.end ?? 0));
  return { ...lead, evidence: [...points.values()].sort((a, b) => a.t - b.t), timeRange: ongoing ? { start } : { start, end } };
}

/** Anomalies grouped by metric, the causal one's group first, then by severity and score. */
export function chartGroups(anomalies: readonly Anomaly[]): ChartGroup[] {
  const causal = causalOf(anomalies);
  const bySeries = new Map<string, Anomaly[]>();
  for (const a of anomalies) bySeries.set(a.seriesKey, [...(bySeries.get(a.seriesKey) ?? []), a]);
  const groups = [...bySeries.entries()].map(([key, members]) => {
    const sorted = [...members].sort((x, y) => (x.id === causal?.id ? -1 : y.id === causal?.id ? 1 : bySeverity(x, y)));
    return { key, anomaly: merge(sorted[0]!, sorted), members: sorted, causal: sorted[0]!.id === causal?.id };
  });
  return groups.sort((x, y) => (x.causal ? -1 : y.causal ? 1 : bySeverity(x.anomaly, y.anomaly)));
}

/**
 * The title of a proactive insight with its lead taken from the latest forecast, worded as the
 * pipeline words it (names stored before the pipeline renamed insights on each new forecast
 * keep the lead they opened with): `… predicted to run out in 9.4 days`.
 */
export function insightTitle(insight: Insight, anomalies: readonly Anomaly[]): string {
  if (insight.type !== 'PROACTIVE') return insight.name;
  const f = anomalies.find((a) => a.forecast?.predictedAt !== undefined);
  if (!f) return insight.name;
  const base = insight.name.replace(/ in [\d.,]+ ?(days?|h|min|s)$/, '');
  return `${base} in ${formatLead(f.forecast!.predictedAt! - f.reportedAt)}`;
}

const TIME_IN_TEXT = /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z| UTC)/g;

/** Restates `2026-11-19T14:06Z` and `2026-11-19 14:06 UTC` in a text as the page's one time format. */
export function localiseTimes(text: string): string {
  return text.replace(TIME_IN_TEXT, (_m, day: string, hm: string) => fmtTime(Date.parse(`${day}T${hm}:00Z`)));
}
