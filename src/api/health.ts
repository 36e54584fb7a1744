/**
 * Account health, overview and per-collection health, computed from stored insights or from
 * the digests a store keeps per collection. Pure functions; the router loads the data.
 */
import { collectionKey, meanTimeToRecoverMinutes, type CollectionSummary, type Insight, type ResourceCollection, type Severity } from '../core';
import type { CollectionHealthT } from './schemas';

export { loadAllInsights } from '../core';

/** Mean time to recover over closed reactive insights, minutes (one definition: src/core/dora). */
export const mttrMinutes = meanTimeToRecoverMinutes;

/** What the health views read of an insight (an Insight or its digest). */
export type HealthInsight = Pick<Insight, 'type' | 'severity' | 'status' | 'timeRange'>;

function healthOf(collection: ResourceCollection, list: readonly HealthInsight[]): CollectionHealthT {
  return {
    collection,
    openReactive: list.filter((i) => i.status === 'ONGOING' && i.type === 'REACTIVE').length,
    openProactive: list.filter((i) => i.status === 'ONGOING' && i.type === 'PROACTIVE').length,
    closedReactive: list.filter((i) => i.status === 'CLOSED' && i.type === 'REACTIVE').length,
    mttrMinutes: mttrMinutes(list),
    lastInsightAt: list.length ? list.reduce((m, i) => Math.max(m, i.timeRange.start), -Infinity) : null,
  };
}

function byOpenThenName(a: CollectionHealthT, b: CollectionHealthT): number {
  return b.openReactive + b.openProactive - (a.openReactive + a.openProactive) || a.collection.name.localeCompare(b.collection.name);
}

/** Health per collection from the store's summaries (one digest per insight). */
export function collectionHealthFromSummaries(summaries: readonly CollectionSummary[]): CollectionHealthT[] {
  return summaries.map((s) => healthOf(s.collection, s.insights)).sort(byOpenThenName);
}

/** Account health from the store's summaries. */
export function accountHealthFromSummaries(summaries: readonly CollectionSummary[]) {
  const insights = summaries.flatMap((s) => s.insights);
  return {
    openReactive: insights.filter((i) => i.status === 'ONGOING' && i.type === 'REACTIVE').length,
    openProactive: insights.filter((i) => i.status === 'ONGOING' && i.type === 'PROACTIVE').length,
    mttrMinutes: mttrMinutes(insights),
    collections: collectionHealthFromSummaries(summaries),
  };
}

/**
 * Health per resource collection: every known collection (even without insights) plus any
 * collection that appears on an insight. Sorted: most open insights first, then by name.
 */
export function collectionHealth(insights: readonly Insight[], known: readonly ResourceCollection[] = []): CollectionHealthT[] {
  const groups = new Map<string, { collection: ResourceCollection; list: Insight[] }>();
  for (const c of known) groups.set(collectionKey(c), { collection: c, list: [] });
  for (const i of insights) {
    const k = collectionKey(i.collection);
    const g = groups.get(k) ?? { collection: i.collection, list: [] };
    g.list.push(i);
    groups.set(k, g);
  }
  return [...groups.values()].map((g) => healthOf(g.collection, g.list)).sort(byOpenThenName);
}

export function accountHealth(insights: readonly Insight[], known: readonly ResourceCollection[] = []) {
  return {
    openReactive: insights.filter((i) => i.status === 'ONGOING' && i.type === 'REACTIVE').length,
    openProactive: insights.filter((i) => i.status === 'ONGOING' && i.type === 'PROACTIVE').length,
    mttrMinutes: mttrMinutes(insights),
    collections: collectionHealth(insights, known),
  };
}

/** Like DevOps Guru's DescribeAccountOverview: insights created in [from, to] and their MTTR. */
export function accountOverview(insights: readonly HealthInsight[], from: number, to: number) {
  const inWindow = insights.filter((i) => i.timeRange.start >= from && i.timeRange.start <= to);
  const bySeverity: Record<Severity, number> = { LOW: 0, MEDIUM: 0, HIGH: 0 };
  for (const i of inWindow) bySeverity[i.severity] += 1;
  return {
    from,
    to,
    reactiveInsights: inWindow.filter((i) => i.type === 'REACTIVE').length,
    proactiveInsights: inWindow.filter((i) => i.type === 'PROACTIVE').length,
    mttrMinutes: mttrMinutes(inWindow),
    bySeverity,
    openReactive: insights.filter((i) => i.status === 'ONGOING' && i.type === 'REACTIVE').length,
    openProactive: insights.filter((i) => i.status === 'ONGOING' && i.type === 'PROACTIVE').length,
  };
}
