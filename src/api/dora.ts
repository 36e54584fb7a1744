/**
 * DORA metrics from stored deployments and insights: deployment frequency, change-failure
 * rate (a deployment named as a relevant event of a reactive insight) and MTTR, per stack.
 *
 * This is the API's own small computation; when the pure DORA functions of the insights work
 * land in src/core, the router should call those instead (same inputs: events and insights).
 */
import type { Insight, OpsEvent } from '../core';
import { mttrMinutes } from './health';
import type { DoraRowT } from './schemas';

const DAY = 86_400_000;

function row(stack: string, deployments: readonly OpsEvent[], insights: readonly Insight[], days: number): DoraRowT {
  const blamed = new Set(insights.filter((i) => i.type === 'REACTIVE').flatMap((i) => i.relevantEventIds));
  const failed = deployments.filter((d) => blamed.has(d.id)).length;
  return {
    stack,
    deployments: deployments.length,
    deploymentsPerDay: Math.round((deployments.length / days) * 100) / 100,
    failedDeployments: failed,
    changeFailureRate: deployments.length ? Math.round((failed / deployments.length) * 1000) / 1000 : null,
    mttrMinutes: mttrMinutes(insights),
  };
}

/** `events` are all events of the window (non-deployments are ignored); `insights` those starting in it. */
export function doraReport(events: readonly OpsEvent[], insights: readonly Insight[], from: number, to: number, onlyStack?: string) {
  const days = Math.max((to - from) / DAY, 1 / 24);
  const deployments = events.filter((e) => e.class === 'DEPLOYMENT' && e.time >= from && e.time <= to);
  const stackOfEvent = (e: OpsEvent) => e.stack ?? 'account';
  const stackOfInsight = (i: Insight) => (i.collection.type === 'STACK' ? i.collection.name : 'account');
  const stacks = new Set<string>([...deployments.map(stackOfEvent), ...insights.map(stackOfInsight)]);
  const rows = [...stacks]
    .filter((s) => !onlyStack || s === onlyStack)
    .sort()
    .map((s) =>
      row(
        s,
        deployments.filter((d) => stackOfEvent(d) === s),
        insights.filter((i) => stackOfInsight(i) === s),
        days,
      ),
    );
  const total = row(
    onlyStack ?? 'all',
    onlyStack ? deployments.filter((d) => stackOfEvent(d) === onlyStack) : deployments,
    onlyStack ? insights.filter((i) => stackOfInsight(i) === onlyStack) : insights,
    days,
  );
  return { from, to, days: Math.round(days * 100) / 100, total, stacks: rows };
}
