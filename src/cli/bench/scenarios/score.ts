/**
 * Scores pipeline outcomes against scenario labels. Pure. The rules (also in docs/insights.md):
 *
 * Place. A label concerns its `resourceId` and its `affectedResourceIds` (R), and the resource
 * collections of those resources (C). An insight is in the right place when its collection is
 * in C and, if it has anomalies, at least one of them is on a resource in R.
 *
 * Time. REACTIVE and HARMLESS labels: the insight's time range [start, end or scenario end]
 * overlaps [label.start − 15 min, label.end + 30 min]. PROACTIVE labels: it overlaps
 * [label.start − 1 h, max(label.end, exhaustionAt, scenario end)].
 *
 * An insight *touches* a label when both hold.
 * - Recall: a REACTIVE label is detected when a REACTIVE insight touches it; a PROACTIVE label
 *   when a PROACTIVE insight touches it. HARMLESS labels are not counted.
 * - Precision, over every insight of the scenarios that have labels: an insight is correct when
 *   it touches a REACTIVE or PROACTIVE label (of either type: a reactive insight about a filling
 *   disk is not a false alarm); every other insight, including one touching a HARMLESS label,
 *   is false.
 * - Detection delay (REACTIVE labels detected): first report − onset, in periods of the label
 *   resource's series, where the first report is the earliest, over the touching reactive
 *   insights, of max(insight created, first report of its anomalies on R).
 * - Root cause top-1 (detected labels with `causeEventId`): the primary insight is the earliest
 *   touching insight (of the expected type) in the collection of `resourceId`, else the earliest
 *   touching one; a hit when its first relevant event is the cause.
 * - Proactive lead (PROACTIVE labels detected, with `exhaustionAt`): exhaustionAt − creation of
 *   the earliest touching proactive insight, in days.
 * - False insights per resource-week: scenarios without labels only; their insights ÷
 *   (resources × weeks of the scored window, from the first cycle to the end).
 */
import { collectionKey } from '../../../core';
import type { InsightOutcome, ScenarioOutcome } from './run';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Tolerances of the time rule. */
export const MATCH_BEFORE_MS = 15 * MINUTE;
export const MATCH_AFTER_MS = 30 * MINUTE;
export const PROACTIVE_BEFORE_MS = HOUR;

type Label = ScenarioOutcome['labels'][number];

export interface LabelScore {
  readonly scenario: string;
  readonly kind: string;
  readonly expect: Label['expect'];
  readonly resourceId: string;
  readonly detected: boolean;
  readonly touchedBy: readonly string[];
  readonly delayPeriods?: number;
  readonly rootCause?: 'hit' | 'miss';
  readonly leadDays?: number;
}

export interface ScenarioScore {
  readonly name: string;
  readonly labelled: boolean;
  readonly insights: number;
  readonly correctInsights: number;
  /** Names of insights that touched no REACTIVE/PROACTIVE label. */
  readonly falseInsights: readonly string[];
  readonly anomalies: number;
  readonly resourceWeeks: number;
  readonly labels: readonly LabelScore[];
}

export interface BenchFigures {
  readonly recall: number | null;
  readonly precision: number | null;
  readonly rootCauseTop1: number | null;
  readonly medianDelayPeriods: number | null;
  readonly anomaliesPerInsight: number | null;
  readonly proactiveLeadDays: number | null;
  readonly falseInsightsPerResourceWeek: number | null;
  readonly scenarios: number;
}

function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 <= b1 && b0 <= a1;
}

/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function related(label: Label): Set<string> {
  return new Set([label.resourceId, ...(label.affectedResourceIds ?? [])]);
}

/** Whether an insight touches a label (place and time rules above). */
export function touches(insight: InsightOutcome, label: Label, outcome: Pick<ScenarioOutcome, 'end' | 'collections'>): boolean {
  const r = related(label);
  const cols = new Set([...r].flatMap((id) => (outcome.collections[id] ? [collectionKey(outcome.collections[id])] : [])));
  if (!cols.has(collectionKey(insight.collection))) return false;
  if (insight.anomalies.length > 0 && !insight.anomalies.some((a) => r.has(a.resourceId))) return false;
  const end = insight.end ?? outcome.end;
  if (label.expect === 'PROACTIVE') {
    return overlaps(insight.start, end, label.start - PROACTIVE_BEFORE_MS, Math.max(label.end, label.exhaustionAt ?? 0, outcome.end));
  }
  return overlaps(insight.start, end, label.start - MATCH_BEFORE_MS, label.end + MATCH_AFTER_MS);
}

/** When the insight first reported this label's problem: max(created, first report of its anomalies on R). */
function firstReport(insight: InsightOutcome, label: Label): number {
  const r = related(label);
  const reports = insight.anomalies.filter((a) => r.has(a.resourceId) && a.start >= label.start - MATCH_BEFORE_MS).map((a) => a.reportedAt);
  return reports.length ? Math.max(insight.createdAt, Math.min(...reports)) : insight.createdAt;
}

export function scoreScenario(outcome: ScenarioOutcome): ScenarioScore {
  const labels = outcome.labels;
  const labelled = labels.length > 0;
  const scoredMs = Math.max(0, outcome.end - (outcome.start + outcome.historyMs));
  const labelScores: LabelScore[] = labels.map((label) => {
    const touching = outcome.insights.filter((i) => touches(i, label, outcome));
    const base = { scenario: outcome.name, kind: label.kind, expect: label.expect, resourceId: label.resourceId, touchedBy: touching.map((i) => i.id) };
    if (label.expect === 'HARMLESS') return { ...base, detected: false };
    const wanted = touching.filter((i) => i.type === label.expect).sort((a, b) => a.createdAt - b.createdAt);
    const first = wanted[0];
    if (!first) return { ...base, detected: false };
    const out: { -readonly [K in keyof LabelScore]?: LabelScore[K] } = { ...base, detected: true };
    if (label.expect === 'REACTIVE') {
      const period = outcome.periodMs[label.resourceId] ?? 300_000;
      const reported = Math.min(...wanted.map((i) => firstReport(i, label)));
      out.delayPeriods = (reported - label.start) / period;
    }
    if (label.causeEventId) {
      const home = outcome.collections[label.resourceId];
      const primary = (home && wanted.find((i) => collectionKey(i.collection) === collectionKey(home))) ?? first;
      out.rootCause = primary.relevantEventIds[0] === label.causeEventId ? 'hit' : 'miss';
    }
    if (label.expect === 'PROACTIVE' && label.exhaustionAt !== undefined) out.leadDays = (label.exhaustionAt - first.createdAt) / DAY;
    return out as LabelScore;
  });
  const correct = outcome.insights.filter((i) => labels.some((l) => l.expect !== 'HARMLESS' && touches(i, l, outcome)));
  const correctIds = new Set(correct.map((i) => i.id));
  return {
    name: outcome.name,
    labelled,
    insights: outcome.insights.length,
    correctInsights: correct.length,
    falseInsights: outcome.insights.filter((i) => !correctIds.has(i.id)).map((i) => `${i.type} ${i.collection.name}: ${i.name}`),
    anomalies: outcome.insights.reduce((s, i) => s + i.anomalyCount, 0),
    resourceWeeks: (outcome.resourceCount * scoredMs) / WEEK,
    labels: labelScores,
  };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function summarise(scores: readonly ScenarioScore[]): BenchFigures {
  const labelled = scores.filter((s) => s.labelled);
  const quiet = scores.filter((s) => !s.labelled);
  const labels = labelled.flatMap((s) => s.labels);
  const counted = labels.filter((l) => l.expect !== 'HARMLESS');
  const rc = labels.filter((l) => l.rootCause !== undefined);
  const insights = labelled.reduce((s, x) => s + x.insights, 0);
  return {
    recall: ratio(counted.filter((l) => l.detected).length, counted.length),
    precision: ratio(labelled.reduce((s, x) => s + x.correctInsights, 0), insights),
    rootCauseTop1: ratio(rc.filter((l) => l.rootCause === 'hit').length, rc.length),
    medianDelayPeriods: median(labels.flatMap((l) => (l.delayPeriods !== undefined ? [l.delayPeriods] : []))),
    anomaliesPerInsight: ratio(labelled.reduce((s, x) => s + x.anomalies, 0), insights),
    proactiveLeadDays: median(labels.flatMap((l) => (l.leadDays !== undefined ? [l.leadDays] : []))),
    falseInsightsPerResourceWeek: ratio(quiet.reduce((s, x) => s + x.insights, 0), quiet.reduce((s, x) => s + x.resourceWeeks, 0)),
    scenarios: scores.length,
  };
}
