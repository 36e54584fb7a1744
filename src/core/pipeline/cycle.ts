/**
 * The cycle driver: one pass of plan → collect events → analyze every shard → correlate →
 * notify → commit state, in one process. Written once against the ports and used by the
 * local path, the CLI and the tests; the serverless pipeline runs the same phases as separate
 * steps (distributed.ts).
 */
import type { CyclePorts } from '../ports';
import type { Anomaly } from '../model';
import { analyzeShard } from './analyze';
import { withConsistentTimeRanges } from './consistent-range';
import { correlateCycle } from './correlate-step';
import { CYCLE_STATE_KEY, resolveOptions, type CycleMarker, type CycleOptions, type SeriesState } from './options';
import { collectEvents } from './event-backlog';
import { planCycle } from './plan';
import { updateProactive, type ProactiveCycleOptions } from './proactive';
import { SharedReads } from './shared-reads';
import { attachLogEvidence, withEvidence } from './log-evidence';

export { CYCLE_STATE_KEY, type CycleMarker, type CycleOptions, type SeriesState } from './options';

export interface CycleReport {
  readonly now: number;
  readonly resources: number;
  readonly series: number;
  readonly points: number;
  readonly anomaliesChanged: number;
  readonly events: number;
  readonly insightsChanged: number;
  readonly notifications: number;
  /** Log lines and bytes read for log evidence (absent without a log source). */
  readonly logLines?: number;
  readonly logBytes?: number;
}

export async function runCycle(cyclePorts: CyclePorts, now: number, options: CycleOptions & ProactiveCycleOptions = {}): Promise<CycleReport> {
  const opts = resolveOptions(options);
  // Capacity series are read by detection and by the forecasts: one read serves both.
  const ports: CyclePorts = { ...cyclePorts, metrics: new SharedReads(cyclePorts.metrics) };
  const plan = await planCycle(ports, now, opts);
  const events = await collectEvents(ports, plan);

  const changed: Anomaly[] = [];
  const states = new Map<string, SeriesState | CycleMarker>();
  let points = 0;
  for (const item of plan.items) {
    const shard = await analyzeShard(ports, item, opts);
    changed.push(...shard.changed);
    for (const [k, v] of shard.states) states.set(k, v);
    points += shard.points;
  }

  // Insights (conditional), then anomalies, then notifications, then state: a crash at any
  // point leaves a state that the next run of the same cycle completes without duplicates.
  const consistent = withConsistentTimeRanges(ports.insights);
  const result = await correlateCycle(consistent.store, { now, previousEnd: plan.previousEnd, changed }, opts);
  // Log evidence for open reactive insights (a step of its own; notifications carry it).
  const logs = ports.logs ? await attachLogEvidence({ insights: ports.insights, state: ports.state, logs: ports.logs }, now, plan.resources, opts.logs, result.insights) : undefined;
  const notifications = withEvidence(
    result.notifications.map((n) => ({ ...n, insight: consistent.saved.get(n.insight.id) ?? n.insight })),
    logs?.insights ?? [],
  );
  if (notifications.length) await ports.notifier.notify(notifications);
  // Proactive forecasts of capacity-bound series (own hourly reads and states; see proactive.ts).
  const proactive = options.proactive === false ? undefined : await updateProactive(ports, now, plan.resources, { accountId: opts.accountId, ...options.proactive });
  states.set(CYCLE_STATE_KEY, { version: 1, lastCycleEnd: now });
  await ports.state.putStates(states);

  return {
    now,
    resources: plan.resources.length,
    series: plan.series,
    points,
    anomaliesChanged: result.anomalies.length,
    events: events.events,
    insightsChanged: result.insights.length + (proactive?.insightsChanged ?? 0),
    notifications: result.notifications.length + (proactive?.notifications ?? 0),
    ...(logs ? { logLines: logs.lines, logBytes: logs.bytes } : {}),
  };
}
