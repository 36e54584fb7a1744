/**
 * Words for reasons: values with their unit, times in UTC, anomalies and forecasts as short
 * phrases. Pure; dates are formatted from their epoch value, never from the wall clock.
 */
import { shortName } from '../events/raw';
import type { Anomaly, OpsEvent, Series } from '../model';
import type { ForecastFact } from './types';
import { formatSeriesValue } from '../units';

/** A number with at most 3 significant digits, without exponent notation. O(1). */
export function round3(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return String(Math.round(v));
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  if (a === 0) return '0';
  return v.toPrecision(2);
}

/** A value in the series' unit (`formatSeriesValue`): `87.5 %`, `24 MB`, `850 ms`, `1.2 s`, `3,400`. O(1). */
export function formatValue(v: number, series: Pick<Series, 'namespace' | 'kind' | 'unit' | 'metricName'>): string {
  return formatSeriesValue(v, series);
}

/** `2026-11-19 14:06 UTC`. O(1). */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A duration in days or hours: `5.2 days`, `18 h`. O(1). */
export function formatLead(ms: number): string {
  const h = ms / 3_600_000;
  return h < 48 ? `${round3(Math.max(0, h))} h` : `${round3(h / 24)} days`;
}

/**
 * `Errors rose to 42 on checkout (expected 0–1.5) at 2026-11-19 14:06 UTC`; "rose"/"fell" only when
 * the value is outside the expected range, else `stayed elevated at` / `stayed low at`. O(1).
 */
export function describeAnomaly(a: Anomaly): string {
  const f = (v: number) => formatValue(v, a.series);
  const below = a.direction === 'BELOW';
  const outside = below ? a.observed < a.lower : a.observed > a.upper;
  const moved = outside ? `${below ? 'fell' : 'rose'} to ${f(a.observed)}` : `stayed ${below ? 'low' : 'elevated'} at ${f(a.observed)}`;
  return `${a.series.metricName} ${moved} on ${a.resourceName} (expected ${f(a.lower)}–${f(a.upper)}) at ${formatTime(a.timeRange.start)}`;
}

/** `CodeDeploy deployment on checkout at 2026-11-19 14:00 UTC`, `UpdateFunctionConfiguration on checkout at …` (never an event id). O(1). */
export function describeEvent(e: OpsEvent): string {
  const target = e.resources[0]?.name ?? e.stack;
  const what = e.dataSource === 'CODE_DEPLOY' ? 'CodeDeploy deployment' : e.name;
  return `${what}${target ? ` on ${shortName(target)}` : ''} at ${formatTime(e.time)}`;
}

/**
 * `disk_used_percent on web-1 is at 81 % and rising 3.2 % a day; forecast to reach 100 % around
 * 2026-11-25 06:00 UTC (between … and …)`. O(1).
 */
export function describeForecast(a: Anomaly, f: ForecastFact): string {
  const v = (x: number) => formatValue(x, a.series);
  const dir = f.perDay >= 0 ? 'rising' : 'falling';
  const same = (x: number) => Math.abs(x - f.predictedAt) < 60_000;
  const range =
    f.latest === undefined ? ` (not before ${formatTime(f.earliest)})` : same(f.earliest) && same(f.latest) ? '' : ` (between ${formatTime(f.earliest)} and ${formatTime(f.latest)})`;
  return `${a.series.metricName} on ${a.resourceName} is at ${v(f.current)} and ${dir} ${v(Math.abs(f.perDay))} a day; forecast to reach ${v(f.limit)} around ${formatTime(f.predictedAt)}${range}`;
}

/** Joins phrases as `a`, `a and b`, `a, b and c`. O(n). */
export function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
