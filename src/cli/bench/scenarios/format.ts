/** Text report of the scenario benchmark. */
import { median, type BenchFigures, type ScenarioScore } from './score';

/** The issue's acceptance bars, for the report. */
export const ACCEPTANCE: ReadonlyArray<{ key: keyof BenchFigures; label: string; bar: string; ok: (v: number) => boolean; digits: number }> = [
  { key: 'recall', label: 'insight recall', bar: '>= 0.95', ok: (v) => v >= 0.95, digits: 3 },
  { key: 'precision', label: 'insight precision', bar: '>= 0.90', ok: (v) => v >= 0.9, digits: 3 },
  { key: 'rootCauseTop1', label: 'root-cause top-1 accuracy', bar: '>= 0.85', ok: (v) => v >= 0.85, digits: 3 },
  { key: 'medianDelayPeriods', label: 'median detection delay (periods)', bar: '<= 2', ok: (v) => v <= 2, digits: 2 },
  { key: 'anomaliesPerInsight', label: 'anomalies per insight', bar: '', ok: () => true, digits: 2 },
  { key: 'proactiveLeadDays', label: 'proactive lead time (days, median)', bar: '>= 3', ok: (v) => v >= 3, digits: 2 },
  { key: 'falseInsightsPerResourceWeek', label: 'false insights per resource-week', bar: '<= 0.10', ok: (v) => v <= 0.1, digits: 3 },
];

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function fmt(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? 'n/a' : v.toFixed(digits);
}

/** One row per label kind: detected, root causes, delay, lead, insights and false insights. */
export function kindTable(scores: readonly ScenarioScore[]): string[] {
  const kinds = new Map<string, { labels: number; detected: number; rcHit: number; rcAll: number; delays: number[]; leads: number[]; insights: number; falses: number; harmless: boolean }>();
  for (const s of scores) {
    const kind = s.labelled ? [...new Set(s.labels.map((l) => l.kind))].join('+') : 'incident-free';
    const row = kinds.get(kind) ?? { labels: 0, detected: 0, rcHit: 0, rcAll: 0, delays: [], leads: [], insights: 0, falses: 0, harmless: s.labels.every((l) => l.expect === 'HARMLESS') };
    for (const l of s.labels) {
      if (l.expect !== 'HARMLESS') row.labels++;
      if (l.detected) row.detected++;
      if (l.rootCause) {
        row.rcAll++;
        if (l.rootCause === 'hit') row.rcHit++;
      }
      if (l.delayPeriods !== undefined) row.delays.push(l.delayPeriods);
      if (l.leadDays !== undefined) row.leads.push(l.leadDays);
    }
    row.insights += s.insights;
    row.falses += s.labelled ? s.falseInsights.length : s.insights;
    kinds.set(kind, row);
  }
  const lines = [`${pad('kind', 22)}${pad('detected', 10)}${pad('root cause', 12)}${pad('delay', 8)}${pad('lead d', 8)}${pad('insights', 10)}false`];
  for (const [kind, r] of kinds) {
    lines.push(
      `${pad(kind, 22)}${pad(r.harmless ? '-' : `${r.detected}/${r.labels}`, 10)}${pad(r.rcAll ? `${r.rcHit}/${r.rcAll}` : '-', 12)}${pad(fmt(median(r.delays), 1), 8)}${pad(fmt(median(r.leads), 1), 8)}${pad(String(r.insights), 10)}${r.falses}`,
    );
  }
  return lines;
}

export function figuresTable(f: BenchFigures): string[] {
  const lines: string[] = [];
  for (const a of ACCEPTANCE) {
    const v = f[a.key];
    const verdict = a.bar === '' || v === null ? '' : a.ok(v) ? 'meets' : 'BELOW BAR';
    lines.push(`  ${pad(a.label, 36)}${pad(fmt(v, a.digits), 9)}${pad(a.bar, 10)}${verdict}`);
  }
  lines.push(`  ${pad('scenarios', 36)}${f.scenarios}`);
  return lines;
}
