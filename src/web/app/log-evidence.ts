/** The insight page's log evidence: one section per log group with its unusual templates, counts and sample lines. */
import type { Insight, LogAnomaly } from '../../core';
import { h } from './dom';
import { fmtNumber, fmtTime } from './format';

const KIND_LABELS: Record<LogAnomaly['kind'], string> = {
  HTTP_STATUS: 'HTTP status',
  KEYWORD: 'error keyword',
  NEW_PATTERN: 'new pattern',
  RATE: 'rate rise',
  DETECTOR: 'anomaly detector',
};

/** Anchor of a resource's log evidence, so an anomaly can link to the logs that explain it. */
export const logAnchor = (resourceId: string): string => `logs-${resourceId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** A link to the log evidence of `resourceId`, or null when the insight has none for it. */
export function logLink(insight: Insight, resourceId: string): HTMLElement | null {
  return insight.logAnomalies?.some((l) => l.resourceId === resourceId) ? h('a', { href: `#${logAnchor(resourceId)}`, class: 'muted', 'data-testid': 'log-link' }, 'log evidence ↓') : null;
}

function row(l: LogAnomaly): HTMLElement {
  return h(
    'li',
    { 'data-testid': 'log-anomaly' },
    h('p', {}, h('strong', {}, KIND_LABELS[l.kind]), ' ', h('code', {}, l.template)),
    h('p', { class: 'muted' }, `${fmtNumber(l.windowCount)} lines since onset, ${fmtNumber(l.baselineCount)} in the baseline (${fmtNumber(l.expectedCount)} expected) · first seen ${fmtTime(l.firstSeen)}`),
    l.samples.length ? h('details', {}, h('summary', {}, `Sample lines (${l.samples.length})`), ...l.samples.map((s) => h('pre', {}, s))) : null,
  );
}

/** The section, or null when the insight carries no log evidence. */
export function logEvidenceSection(insight: Insight): HTMLElement | null {
  const logs = insight.logAnomalies ?? [];
  if (!logs.length) return null;
  const groups = new Map<string, LogAnomaly[]>();
  for (const l of logs) groups.set(l.logGroup, [...(groups.get(l.logGroup) ?? []), l]);
  return h(
    'section',
    { 'aria-labelledby': 'logs-h', 'data-testid': 'log-evidence' },
    h('h2', { id: 'logs-h' }, `Log evidence (${logs.length})`),
    ...[...groups].map(([group, list]) =>
      h('article', { class: 'anomaly', id: list[0]!.resourceId ? logAnchor(list[0]!.resourceId) : undefined }, h('h3', {}, group, list[0]!.resourceId ? h('span', { class: 'muted' }, ` · ${list[0]!.resourceId}`) : null), h('ul', { class: 'recs' }, ...list.map(row))),
    ),
  );
}
