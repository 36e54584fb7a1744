/** Text report of the scenario benchmark. */
import type { BenchFigures } from './score';

export interface FigureRow {
  readonly key: keyof BenchFigures;
  readonly label: string;
  /** Target, in words ('' when none). */
  readonly bar: string;
  readonly ok: (v: number) => boolean;
  readonly format: (v: number) => string;
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const percent = (v: number) => `${(v * 100).toFixed(0)} %`;
const periods = (v: number) => `${v.toFixed(1)} periods`;

/** The headline figures with their targets. */
export const ACCEPTANCE: readonly FigureRow[] = [
  { key: 'recall', label: 'recall', bar: '>= 0.95', ok: (v) => v >= 0.95, format: fixed(3) },
  { key: 'precision', label: 'precision', bar: '>= 0.90', ok: (v) => v >= 0.9, format: fixed(3) },
  { key: 'rootCauseTop1', label: 'root cause top-1', bar: '>= 0.85', ok: (v) => v >= 0.85, format: fixed(3) },
  { key: 'falseInsightsPerResourceWeek', label: 'false insights per resource-week', bar: '<= 0.10', ok: (v) => v <= 0.1, format: fixed(3) },
  { key: 'insightsPerIncident', label: 'insights per incident', bar: '<= 1.1', ok: (v) => v <= 1.1, format: fixed(2) },
  { key: 'incidentsPerInsight', label: 'incidents per insight', bar: '', ok: () => true, format: fixed(2) },
  { key: 'medianDurationErrorPeriods', label: 'median duration error', bar: '<= 2 periods', ok: (v) => v <= 2, format: periods },
  { key: 'medianCloseOffsetPeriods', label: 'median close offset (signed)', bar: '', ok: () => true, format: (v) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} periods` },
  { key: 'medianForecastErrorFirst', label: 'forecast error, first prediction', bar: '', ok: () => true, format: percent },
  { key: 'medianForecastErrorMedian', label: 'forecast error, median prediction', bar: '<= 20 %', ok: (v) => v <= 0.2, format: percent },
  { key: 'proactiveInsightsPerLabel', label: 'proactive insights per label', bar: '<= 1.2', ok: (v) => v <= 1.2, format: fixed(2) },
  { key: 'medianDelayPeriods', label: 'median delay (misses included)', bar: '<= 2 periods', ok: (v) => v <= 2, format: periods },
  { key: 'detectedWithin1', label: 'detected within 1 period', bar: '', ok: () => true, format: percent },
  { key: 'detectedWithin2', label: 'detected within 2 periods', bar: '', ok: () => true, format: percent },
  { key: 'detectedWithin6', label: 'detected within 6 periods', bar: '', ok: () => true, format: percent },
  { key: 'proactiveLeadDays', label: 'proactive lead (median)', bar: '', ok: () => true, format: (v) => `${v.toFixed(1)} days` },
  { key: 'anomaliesPerInsight', label: 'anomalies per insight', bar: '', ok: () => true, format: fixed(2) },
  { key: 'logCauseTop3', label: 'log cause in top 3', bar: '>= 0.90', ok: (v) => v >= 0.9, format: fixed(3) },
  { key: 'quietLogAnomaliesPerResourceWeek', label: 'log anomalies/resource-week (quiet)', bar: '<= 0.10', ok: (v) => v <= 0.1, format: fixed(3) },
];

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function show(row: FigureRow, v: number | null): string {
  return v === null ? 'n/a' : row.format(v);
}

export function figuresTable(f: BenchFigures): string[] {
  const lines: string[] = [];
  for (const a of ACCEPTANCE) {
    const v = f[a.key];
    const verdict = a.bar === '' || v === null ? '' : a.ok(v) ? 'meets' : 'BELOW TARGET';
    lines.push(`  ${pad(a.label, 36)}${pad(show(a, v), 14)}${pad(a.bar, 14)}${verdict}`);
  }
  lines.push(`  ${pad('scenarios', 36)}${f.scenarios} (${f.labels} incidents, ${f.insights} insights, ${f.resourceWeeks.toFixed(1)} resource-weeks)`);
  return lines;
}

const COLUMNS: ReadonlyArray<{ head: string; key: keyof BenchFigures; width: number; format: (v: number) => string }> = [
  { head: 'recall', key: 'recall', width: 8, format: fixed(2) },
  { head: 'prec', key: 'precision', width: 7, format: fixed(2) },
  { head: 'rc@1', key: 'rootCauseTop1', width: 7, format: fixed(2) },
  { head: 'false/rw', key: 'falseInsightsPerResourceWeek', width: 10, format: fixed(2) },
  { head: 'ins/inc', key: 'insightsPerIncident', width: 9, format: fixed(2) },
  { head: 'inc/ins', key: 'incidentsPerInsight', width: 9, format: fixed(2) },
  { head: 'dur err', key: 'medianDurationErrorPeriods', width: 9, format: fixed(1) },
  { head: 'fc err', key: 'medianForecastErrorMedian', width: 8, format: percent },
  { head: 'pro/lbl', key: 'proactiveInsightsPerLabel', width: 9, format: fixed(2) },
  { head: 'delay', key: 'medianDelayPeriods', width: 7, format: fixed(1) },
  { head: '<=1', key: 'detectedWithin1', width: 6, format: percent },
  { head: '<=2', key: 'detectedWithin2', width: 6, format: percent },
  { head: '<=6', key: 'detectedWithin6', width: 6, format: percent },
];

/**
 * One row per family (or any other grouping): the headline figures compactly. Durations and
 * delays in periods, forecast error and detection rates in %, false insights per resource-week.
 */
export function familyTable(rows: Readonly<Record<string, BenchFigures>>, head = 'family'): string[] {
  const names = Object.keys(rows);
  const w = Math.max(head.length, ...names.map((n) => n.length)) + 2;
  const lines = [`${pad(head, w)}${pad('scen', 6)}${pad('inc', 5)}${COLUMNS.map((c) => pad(c.head, c.width)).join('')}`];
  for (const n of names) {
    const f = rows[n]!;
    lines.push(`${pad(n, w)}${pad(String(f.scenarios), 6)}${pad(String(f.labels), 5)}${COLUMNS.map((c) => pad(f[c.key] === null ? '-' : c.format(f[c.key] as number), c.width)).join('')}`);
  }
  return lines;
}
