/**
 * Insight names and descriptions in words, from the causal anomaly and its context:
 * "Errors increased on Lambda function checkout".
 */
import type { Anomaly } from '../model';
import { formatSeriesValue } from '../units';
import { typeLabel } from './topology';

function verb(a: Anomaly): string {
  if (a.gradual) return 'crept up';
  return a.direction === 'BELOW' ? 'dropped' : 'increased';
}

/**
 * `increased to 42`, or, when the peak lies inside the expected range, `stayed elevated at 4`:
 * a value is said to have risen or dropped to X only when X is outside the band.
 */
function movedTo(a: Anomaly, fmt: (x: number) => string): string {
  const outside = a.direction === 'BELOW' ? a.observed < a.lower : a.observed > a.upper;
  if (outside) return `${verb(a)} to ${fmt(a.observed)}`;
  return `stayed ${a.direction === 'BELOW' ? 'low' : 'elevated'} at ${fmt(a.observed)}`;
}

/** `Errors increased on Lambda function checkout`. */
export function insightName(causal: Anomaly): string {
  return `${causal.series.metricName} ${verb(causal)} on ${typeLabel(causal.resourceType)} ${causal.resourceName}`;
}

/** Where the problem appears to start, for a hypothesis without an event. */
export function originSummary(causal: Anomaly, members: readonly Anomaly[]): string {
  const others = new Set(members.filter((a) => a.resourceId !== causal.resourceId).map((a) => a.resourceName));
  const spread = others.size ? `; ${others.size} other resource${others.size > 1 ? 's' : ''} affected (${[...others].sort().join(', ')})` : '';
  return `The problem appears to start at ${typeLabel(causal.resourceType)} ${causal.resourceName} (${causal.series.metricName} ${verb(causal)})${spread}.`;
}

/** A few sentences: the causal anomaly with numbers, then its symptoms. */
export function insightDescription(causal: Anomaly, members: readonly Anomaly[]): string {
  const when = new Date(causal.timeRange.start).toISOString().replace(/:\d\d\.\d{3}Z$/, 'Z');
  const fmt = (x: number) => formatSeriesValue(x, causal.series);
  const head = causal.gradual
    ? `${causal.series.metricName} (${causal.series.stat}) on ${typeLabel(causal.resourceType)} ${causal.resourceName} crept up over hours to ${fmt(causal.observed)} ` +
      `(${(causal.observed / causal.expected).toFixed(1)}× the ${fmt(causal.expected)} of the same hours on earlier days), from about ${when}.`
    : `${causal.series.metricName} (${causal.series.stat}) on ${typeLabel(causal.resourceType)} ${causal.resourceName} ${movedTo(causal, fmt)} ` +
      `where about ${fmt(causal.expected)} was expected (normal range ${fmt(causal.lower)}–${fmt(causal.upper)}), from ${when}.`;
  const symptoms = members
    .filter((a) => a.id !== causal.id)
    .sort((a, b) => a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id))
    .map((a) => `${a.series.metricName} ${verb(a)} on ${typeLabel(a.resourceType)} ${a.resourceName}`);
  const unique = [...new Set(symptoms)];
  if (unique.length === 0) return head;
  const shown = unique.slice(0, 5).join('; ');
  const more = unique.length > 5 ? `; and ${unique.length - 5} more` : '';
  return `${head} Related: ${shown}${more}.`;
}
