/**
 * Scores pipeline outcomes against scenario labels, strictly. Pure. The rules (also in
 * docs/insights.md):
 *
 * Extent. A reactive insight's extent runs from its earliest anomaly's onset to the latest time
 * one of its anomalies was open: the anomaly's end, or for one still open its latest anomalous
 * point (never "to the scenario end"). Without readable anomalies: [start, end ?? createdAt].
 * A proactive insight's extent is [start, end ?? scenario end] (a forecast holds until it closes).
 *
 * Place. A label concerns its `resourceId` and its `affectedResourceIds` (R), and the resource
 * collections of those resources (C). An insight is in the right place when its collection is
 * in C and, if it has anomalies, at least one of them is on a resource in R.
 *
 * Time. REACTIVE and HARMLESS labels: the extent overlaps [label.start − 15 min, label.end +
 * 30 min]. PROACTIVE labels: the insight opens within [label.start − 1 h, exhaustion] (exhaustion
 * = `exhaustionAt`, else the label end, else the scenario end).
 *
 * An insight *touches* a label when both hold. It is a *candidate* for a REACTIVE or PROACTIVE
 * label when it touches it and has the label's type.
 *
 * Matching is one-to-one: every label is satisfied by at most one insight and every insight
 * satisfies at most one label. Among all such assignments the scorer takes one that (1) matches
 * the most labels and (2) among those maximises the summed temporal overlap (intersection over
 * union of the extent and [label.start, label.end]; 1 for proactive pairs), ties broken by
 * insight order (creation time, then id). It is computed exactly (dynamic programming over the
 * subsets of a scenario's labels); scenarios with more than 16 matchable labels fall back to a
 * greedy pass over the candidate pairs by overlap, best first.
 *
 * Figures (per label, then summed over scenarios by `summarise`):
 * - Recall: matched REACTIVE and PROACTIVE labels ÷ those labels. HARMLESS labels are not counted.
 * - Precision: matched insights ÷ all insights, over every scenario (incident-free ones too).
 *   A second insight about the same incident, or one insight about two, leaves one unmatched.
 * - False insights per resource-week: unmatched insights ÷ (resources × weeks of the scored
 *   windows), over every scenario.
 * - insightsPerIncident: per matched label, the insights of its type that touch it; mean.
 *   incidentsPerInsight: per insight touching at least one REACTIVE/PROACTIVE label, the number
 *   of such labels it touches; mean.
 * - Delay (REACTIVE labels): (first report − onset) ÷ the label resource's period, where the
 *   first report is max(insight created, first report of its anomalies on R) of the matched
 *   insight. A miss has an infinite delay: the median includes misses (null when it falls on
 *   one) and "detected within k periods" (k = 1, 2, 6) is over all REACTIVE labels.
 * - Duration error (matched REACTIVE labels): |extent end − label end| ÷ period; median. The
 *   signed offset (extent end − label end) is reported too: negative when insights stop early.
 * - Root cause top-1 (matched REACTIVE labels): the matched insight's first relevant event must
 *   belong to the causing change (the label's `causeEventId` and `causeEventIds`, and every
 *   record grouped with them: DEPLOYMENT records naming a common target within 15 minutes of
 *   the change's first record, e.g. a CodeDeploy deployment and its `UpdateAlias` calls). On a
 *   label without a cause event, a cause stated as "Likely cause" is wrong; "Possibly related"
 *   or no event is right.
 * - Forecast error (matched PROACTIVE labels with `exhaustionAt`): for each prediction published
 *   by a proactive insight touching the label, |predicted − exhaustionAt| ÷ (exhaustionAt −
 *   publication time, at least one hour). Reported at the first prediction and as the median
 *   over the label's predictions; medians over labels. An early, pessimistic forecast is an
 *   error like any other.
 * - Proactive insights per label (matched PROACTIVE labels): the proactive insights touching it;
 *   mean (flapping forecasts open several).
 * - Proactive lead (informational): exhaustionAt − creation of the matched insight, days.
 * - Log cause top-3 (matched REACTIVE labels with `causeLog`): one of the matched insight's
 *   first three log anomalies is in one of the label's log groups and its template contains the
 *   cause text (e.g. `ProvisionedThroughputExceededException`).
 * - Log anomalies per resource-week on incident-free scenarios: every log anomaly on any insight
 *   of a scenario without labels ÷ its resource-weeks.
 */
import { collectionKey } from '../../../core';
import type { EventOutcome, InsightOutcome, ScenarioOutcome } from './run';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Tolerances of the time rule. */
export const MATCH_BEFORE_MS = 15 * MINUTE;
export const MATCH_AFTER_MS = 30 * MINUTE;
export const PROACTIVE_BEFORE_MS = HOUR;
/** Records of one change: DEPLOYMENT records on a common target within this long of its first record. */
export const CHANGE_WINDOW_MS = 15 * MINUTE;
/** Above this many matchable labels in one scenario the assignment is greedy rather than exact. */
export const EXACT_MATCH_MAX_LABELS = 16;
/** Detection-within thresholds, in periods. */
export const WITHIN_PERIODS = [1, 2, 6] as const;

type Label = ScenarioOutcome['labels'][number];

export interface LabelScore {
  readonly scenario: string;
  readonly family: string;
  readonly kind: string;
  readonly expect: Label['expect'];
  readonly resourceId: string;
  readonly detected: boolean;
  /** The insight matched to it (one-to-one). */
  readonly matchedBy?: string;
  /** Every insight that touches it (any type). */
  readonly touchedBy: readonly string[];
  /** Insights of its type that touch it (REACTIVE/PROACTIVE labels). */
  readonly candidates: number;
  /** REACTIVE labels: periods from onset to first report; null for a miss. */
  readonly delayPeriods?: number | null;
  readonly durationErrorPeriods?: number;
  /** Signed: extent end − label end, periods (negative: the insight stopped while the problem lasted). */
  readonly closeOffsetPeriods?: number;
  readonly rootCause?: 'hit' | 'miss';
  readonly hasCause?: boolean;
  readonly forecastErrorFirst?: number;
  readonly forecastErrorMedian?: number;
  readonly proactiveInsights?: number;
  readonly leadDays?: number;
  /** Matched REACTIVE labels with a `causeLog`: whether the cause-bearing template is in the insight's top 3 log anomalies. */
  readonly logCause?: 'hit' | 'miss';
}

export interface ScenarioScore {
  readonly name: string;
  readonly family: string;
  readonly labelled: boolean;
  readonly insights: number;
  readonly matchedInsights: number;
  /** Descriptions of insights left unmatched. */
  readonly falseInsights: readonly string[];
  readonly anomalies: number;
  /** Log anomalies over every insight. */
  readonly logAnomalies: number;
  readonly resourceWeeks: number;
  /** Per insight touching at least one REACTIVE/PROACTIVE label: how many it touches. */
  readonly incidentsPerInsight: readonly number[];
  readonly labels: readonly LabelScore[];
}

export interface BenchFigures {
  readonly scenarios: number;
  /** REACTIVE and PROACTIVE labels. */
  readonly labels: number;
  readonly insights: number;
  readonly recall: number | null;
  readonly precision: number | null;
  readonly rootCauseTop1: number | null;
  readonly falseInsightsPerResourceWeek: number | null;
  readonly insightsPerIncident: number | null;
  readonly incidentsPerInsight: number | null;
  readonly medianDurationErrorPeriods: number | null;
  /** Signed (insight end − label end), periods: negative when insights stop while the problem lasts. */
  readonly medianCloseOffsetPeriods: number | null;
  readonly medianForecastErrorFirst: number | null;
  readonly medianForecastErrorMedian: number | null;
  readonly proactiveInsightsPerLabel: number | null;
  readonly medianDelayPeriods: number | null;
  readonly detectedWithin1: number | null;
  readonly detectedWithin2: number | null;
  readonly detectedWithin6: number | null;
  readonly proactiveLeadDays: number | null;
  readonly anomaliesPerInsight: number | null;
  /** Matched REACTIVE labels with a cause in the logs whose cause-bearing template is among the insight's top 3 log anomalies. */
  readonly logCauseTop3: number | null;
  /** Log anomalies per resource-week on incident-free scenarios. */
  readonly quietLogAnomaliesPerResourceWeek: number | null;
  readonly resourceWeeks: number;
}

function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 <= b1 && b0 <= a1;
}

/** Median of a list (mean of the two middle values for even lengths); null when empty. Infinity sorts last. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  const v = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return Number.isFinite(v) ? v : null;
}

function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

function related(label: Label): Set<string> {
  return new Set([label.resourceId, ...(label.affectedResourceIds ?? [])]);
}

/** The time the insight's anomalies were open (see the header). */
export function extentOf(insight: InsightOutcome, outcome: Pick<ScenarioOutcome, 'end'>): { start: number; end: number } {
  if (insight.type === 'PROACTIVE') return { start: insight.start, end: insight.end ?? outcome.end };
  if (insight.anomalies.length === 0) return { start: insight.start, end: insight.end ?? insight.createdAt };
  let start = Infinity;
  let end = -Infinity;
  for (const a of insight.anomalies) {
    start = Math.min(start, a.start);
    end = Math.max(end, a.end ?? a.lastAnomalousAt ?? a.reportedAt);
  }
  return { start, end: Math.max(start, end) };
}

function exhaustionOf(label: Label, outcome: Pick<ScenarioOutcome, 'end'>): number {
  return label.exhaustionAt ?? (label.end > label.start ? label.end : outcome.end);
}

/** Whether an insight touches a label (place and time rules above). */
export function touches(insight: InsightOutcome, label: Label, outcome: Pick<ScenarioOutcome, 'end' | 'collections'>): boolean {
  const r = related(label);
  const cols = new Set([...r].flatMap((id) => (outcome.collections[id] ? [collectionKey(outcome.collections[id])] : [])));
  if (!cols.has(collectionKey(insight.collection))) return false;
  if (insight.anomalies.length > 0 && !insight.anomalies.some((a) => r.has(a.resourceId))) return false;
  if (label.expect === 'PROACTIVE') {
    return overlaps(insight.start, insight.start, label.start - PROACTIVE_BEFORE_MS, exhaustionOf(label, outcome));
  }
  const x = extentOf(insight, outcome);
  return overlaps(x.start, x.end, label.start - MATCH_BEFORE_MS, label.end + MATCH_AFTER_MS);
}

/** Temporal intersection over union of the insight's extent and the label's span (1 for proactive pairs). */
function overlapQuality(insight: InsightOutcome, label: Label, outcome: Pick<ScenarioOutcome, 'end'>): number {
  if (label.expect === 'PROACTIVE') return 1;
  const x = extentOf(insight, outcome);
  const inter = Math.max(0, Math.min(x.end, label.end) - Math.max(x.start, label.start));
  const union = Math.max(x.end, label.end) - Math.min(x.start, label.start);
  return union > 0 ? inter / union : 1;
}

/**
 * One-to-one assignment of insights to labels (see the header): label index → insight index.
 * `edges[i]` lists, for insight i, the labels it may satisfy with the pair's overlap quality.
 */
export function assign(insightCount: number, labelCount: number, edges: ReadonlyArray<ReadonlyArray<{ label: number; quality: number }>>): Map<number, number> {
  const used = [...new Set(edges.flatMap((e) => e.map((x) => x.label)))].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (used.length === 0) return out;
  if (used.length > EXACT_MATCH_MAX_LABELS) {
    const pairs = edges.flatMap((e, i) => e.map((x) => ({ i, ...x }))).sort((a, b) => b.quality - a.quality || a.i - b.i || a.label - b.label);
    const taken = new Set<number>();
    for (const p of pairs) {
      if (out.has(p.label) || taken.has(p.i)) continue;
      out.set(p.label, p.i);
      taken.add(p.i);
    }
    return out;
  }
  const bit = new Map(used.map((l, k) => [l, 1 << k]));
  interface Cell {
    readonly count: number;
    readonly quality: number;
    readonly pairs: ReadonlyArray<readonly [number, number]>;
  }
  const better = (a: Cell, b: Cell | undefined) => !b || a.count > b.count || (a.count === b.count && a.quality > b.quality + 1e-12);
  let best = new Map<number, Cell>([[0, { count: 0, quality: 0, pairs: [] }]]);
  for (let i = 0; i < insightCount; i++) {
    const next = new Map(best);
    for (const [mask, cell] of best) {
      for (const e of edges[i] ?? []) {
        const b = bit.get(e.label)!;
        if (mask & b) continue;
        const cand: Cell = { count: cell.count + 1, quality: cell.quality + e.quality, pairs: [...cell.pairs, [e.label, i]] };
        if (better(cand, next.get(mask | b))) next.set(mask | b, cand);
      }
    }
    best = next;
  }
  let top: Cell | undefined;
  for (const cell of best.values()) if (better(cell, top)) top = cell;
  for (const [l, i] of top?.pairs ?? []) out.set(l, i);
  void labelCount;
  return out;
}

/**
 * Groups change records: DEPLOYMENT records that name a common target (other than a CodeDeploy
 * application) within CHANGE_WINDOW_MS of the group's first record are one change. Returns
 * event id → change key.
 */
export function groupChanges(events: readonly EventOutcome[]): Map<string, string> {
  const out = new Map<string, string>();
  const open: Array<{ key: string; first: number; targets: Set<string> }> = [];
  for (const e of [...events].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id))) {
    const targets = new Set(e.resources);
    const group =
      e.class === 'DEPLOYMENT'
        ? open.find((g) => e.time - g.first <= CHANGE_WINDOW_MS && [...targets].some((t) => g.targets.has(t)))
        : undefined;
    if (group) {
      for (const t of targets) group.targets.add(t);
      out.set(e.id, group.key);
    } else {
      out.set(e.id, e.id);
      if (e.class === 'DEPLOYMENT') open.push({ key: e.id, first: e.time, targets });
    }
  }
  return out;
}

/** Ids of every record of the change that caused the label. */
function causeRecords(label: Label, changes: ReadonlyMap<string, string>): Set<string> {
  const named = [...(label.causeEventId !== undefined ? [label.causeEventId] : []), ...(label.causeEventIds ?? [])];
  const keys = new Set(named.map((id) => changes.get(id) ?? id));
  const out = new Set(named);
  for (const [id, key] of changes) if (keys.has(key)) out.add(id);
  return out;
}

/** When the insight first reported this label's problem: max(created, first report of its anomalies on R). */
function firstReport(insight: InsightOutcome, label: Label): number {
  const r = related(label);
  const reports = insight.anomalies.filter((a) => r.has(a.resourceId) && a.start >= label.start - MATCH_BEFORE_MS).map((a) => a.reportedAt);
  return reports.length ? Math.max(insight.createdAt, Math.min(...reports)) : insight.createdAt;
}

function forecastErrors(insights: readonly InsightOutcome[], exhaustionAt: number): number[] {
  return insights
    .flatMap((i) => i.predictions ?? [])
    .sort((a, b) => a.at - b.at)
    .map((p) => Math.abs(p.predictedAt - exhaustionAt) / Math.max(HOUR, exhaustionAt - p.at));
}

/** The family of a scenario: its bundle's `family`, else its label kinds, else `incident-free`. */
export function familyOf(outcome: Pick<ScenarioOutcome, 'family' | 'labels'>): string {
  if (outcome.family) return outcome.family;
  const kinds = [...new Set(outcome.labels.map((l) => l.kind))];
  return kinds.length ? kinds.join('+') : 'incident-free';
}

export function scoreScenario(outcome: ScenarioOutcome): ScenarioScore {
  const labels = outcome.labels;
  const family = familyOf(outcome);
  const insights = outcome.insights;
  const changes = groupChanges(outcome.events ?? []);
  const scoredMs = Math.max(0, outcome.end - (outcome.start + outcome.historyMs));

  const touching = labels.map((label) => insights.map((i) => touches(i, label, outcome)));
  const edges = insights.map((insight, i) =>
    labels.flatMap((label, l) => (label.expect !== 'HARMLESS' && label.expect === insight.type && touching[l]![i] ? [{ label: l, quality: overlapQuality(insight, label, outcome) }] : [])),
  );
  const matched = assign(insights.length, labels.length, edges);
  const matchedInsights = new Set(matched.values());

  const labelScores: LabelScore[] = labels.map((label, l) => {
    const touchers = insights.filter((_, i) => touching[l]![i]);
    const sameType = touchers.filter((i) => i.type === label.expect);
    const base = { scenario: outcome.name, family, kind: label.kind, expect: label.expect, resourceId: label.resourceId, touchedBy: touchers.map((i) => i.id), candidates: sameType.length };
    if (label.expect === 'HARMLESS') return { ...base, detected: false };
    const index = matched.get(l);
    const insight = index !== undefined ? insights[index] : undefined;
    if (!insight) return label.expect === 'REACTIVE' ? { ...base, detected: false, delayPeriods: null } : { ...base, detected: false };
    const out: { -readonly [K in keyof LabelScore]?: LabelScore[K] } = { ...base, detected: true, matchedBy: insight.id };
    const period = outcome.periodMs[label.resourceId] ?? 300_000;
    if (label.expect === 'REACTIVE') {
      out.delayPeriods = Math.max(0, (firstReport(insight, label) - label.start) / period);
      out.closeOffsetPeriods = (extentOf(insight, outcome).end - label.end) / period;
      out.durationErrorPeriods = Math.abs(out.closeOffsetPeriods);
      const hasCause = label.causeEventId !== undefined || (label.causeEventIds?.length ?? 0) > 0;
      out.hasCause = hasCause;
      const top = insight.relevantEventIds[0];
      if (hasCause) out.rootCause = top !== undefined && causeRecords(label, changes).has(top) ? 'hit' : 'miss';
      else out.rootCause = top !== undefined && insight.confidentCause === true ? 'miss' : 'hit';
      if (label.causeLog) out.logCause = logCauseHit(insight, label.causeLog) ? 'hit' : 'miss';
    } else {
      out.proactiveInsights = sameType.length;
      if (label.exhaustionAt !== undefined) {
        out.leadDays = (label.exhaustionAt - insight.createdAt) / DAY;
        const errors = forecastErrors(sameType, label.exhaustionAt);
        if (errors.length) {
          out.forecastErrorFirst = errors[0]!;
          out.forecastErrorMedian = median(errors)!;
        }
      }
    }
    return out as LabelScore;
  });

  const counted = labels.map((l, k) => ({ l, k })).filter(({ l }) => l.expect !== 'HARMLESS');
  const incidentsPerInsight = insights.flatMap((_, i) => {
    const n = counted.filter(({ k }) => touching[k]![i]).length;
    return n > 0 ? [n] : [];
  });
  return {
    name: outcome.name,
    family,
    labelled: labels.length > 0,
    insights: insights.length,
    matchedInsights: matchedInsights.size,
    falseInsights: insights.filter((_, i) => !matchedInsights.has(i)).map((i) => `${i.type} ${i.collection.name}: ${i.name}`),
    anomalies: insights.reduce((s, i) => s + i.anomalyCount, 0),
    logAnomalies: insights.reduce((s, i) => s + (i.logAnomalies?.length ?? 0), 0),
    resourceWeeks: (outcome.resourceCount * scoredMs) / WEEK,
    incidentsPerInsight,
    labels: labelScores,
  };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** Whether one of the insight's first three log anomalies carries the cause text in one of the label's log groups. */
export function logCauseHit(insight: Pick<InsightOutcome, 'logAnomalies'>, cause: NonNullable<Label['causeLog']>): boolean {
  return (insight.logAnomalies ?? []).slice(0, 3).some((l) => cause.logGroups.includes(l.logGroup) && l.template.includes(cause.text));
}

export function summarise(scores: readonly ScenarioScore[]): BenchFigures {
  const labels = scores.flatMap((s) => s.labels);
  const counted = labels.filter((l) => l.expect !== 'HARMLESS');
  const reactive = labels.filter((l) => l.expect === 'REACTIVE');
  const detected = counted.filter((l) => l.detected);
  const proactive = detected.filter((l) => l.expect === 'PROACTIVE');
  const rc = labels.filter((l) => l.rootCause !== undefined);
  const logCause = labels.filter((l) => l.logCause !== undefined);
  const quiet = scores.filter((s) => !s.labelled);
  const insights = scores.reduce((s, x) => s + x.insights, 0);
  const matched = scores.reduce((s, x) => s + x.matchedInsights, 0);
  const resourceWeeks = scores.reduce((s, x) => s + x.resourceWeeks, 0);
  const delays = reactive.map((l) => (l.delayPeriods === null || l.delayPeriods === undefined ? Infinity : l.delayPeriods));
  const within = (k: number) => ratio(delays.filter((d) => d <= k).length, delays.length);
  const pick = (f: (l: LabelScore) => number | undefined) => labels.flatMap((l) => {
    const v = f(l);
    return v === undefined ? [] : [v];
  });
  return {
    scenarios: scores.length,
    labels: counted.length,
    insights,
    recall: ratio(detected.length, counted.length),
    precision: ratio(matched, insights),
    rootCauseTop1: ratio(rc.filter((l) => l.rootCause === 'hit').length, rc.length),
    falseInsightsPerResourceWeek: ratio(insights - matched, resourceWeeks),
    insightsPerIncident: mean(detected.map((l) => l.candidates)),
    incidentsPerInsight: mean(scores.flatMap((s) => s.incidentsPerInsight)),
    medianDurationErrorPeriods: median(pick((l) => l.durationErrorPeriods)),
    medianCloseOffsetPeriods: median(pick((l) => l.closeOffsetPeriods)),
    medianForecastErrorFirst: median(pick((l) => l.forecastErrorFirst)),
    medianForecastErrorMedian: median(pick((l) => l.forecastErrorMedian)),
    proactiveInsightsPerLabel: mean(proactive.map((l) => l.proactiveInsights ?? 0)),
    medianDelayPeriods: median(delays),
    detectedWithin1: within(WITHIN_PERIODS[0]),
    detectedWithin2: within(WITHIN_PERIODS[1]),
    detectedWithin6: within(WITHIN_PERIODS[2]),
    proactiveLeadDays: median(pick((l) => l.leadDays)),
    anomaliesPerInsight: ratio(scores.reduce((s, x) => s + x.anomalies, 0), insights),
    logCauseTop3: ratio(logCause.filter((l) => l.logCause === 'hit').length, logCause.length),
    quietLogAnomaliesPerResourceWeek: ratio(quiet.reduce((s, x) => s + x.logAnomalies, 0), quiet.reduce((s, x) => s + x.resourceWeeks, 0)),
    resourceWeeks,
  };
}

/** Figures per family, and with each family left out, in family order. */
export function byFamily(scores: readonly ScenarioScore[]): { families: Record<string, BenchFigures>; withoutFamily: Record<string, BenchFigures> } {
  const names = [...new Set(scores.map((s) => s.family))].sort();
  const families: Record<string, BenchFigures> = {};
  const withoutFamily: Record<string, BenchFigures> = {};
  for (const f of names) {
    families[f] = summarise(scores.filter((s) => s.family === f));
    withoutFamily[f] = summarise(scores.filter((s) => s.family !== f));
  }
  return { families, withoutFamily };
}
