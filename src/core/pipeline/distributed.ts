/**
 * The serverless pipeline's steps, written against ports so the Lambdas stay wiring only:
 *
 *   schedule → planStep ──SQS work items──▶ analyzeStep (one per shard)
 *                                              │ last shard done
 *                                              ▼
 *                                 SQS correlate message ──▶ correlateStep ──▶ insight items
 *                                                      (with their notifications) ──table stream──▶ notifier
 *
 * One cycle is in flight at a time: the planner plans a new cycle only once the previous one
 * is correlated, and forces the correlation of a cycle stalled longer than `stallMs` (a shard
 * in the DLQ), so anomalies are always correlated in time order. Every step is idempotent
 * under at-least-once delivery (see each function).
 */
import { ValidationError, parseOrThrow } from '../errors';
import type { CorrelateOutput } from '../correlate';
import type { CycleRecord, CycleStore, EventSource, InsightStore, MetricSource, NotificationOutbox, ResourceCatalog, StateStore } from '../ports';
import { analyzeShard, type ShardResult } from './analyze';
import { withConsistentTimeRanges } from './consistent-range';
import { correlateCycle } from './correlate-step';
import { CYCLE_STATE_KEY, resolveOptions, type CycleMarker, type CycleOptions } from './options';
import { collectEvents, type EventCollection } from './event-backlog';
import { cycleIdFor, loadMarker, planCycle, WorkItemSchema, type WorkItem } from './plan';
import { updateProactive, type ProactiveCycleOptions, type ProactiveReport } from './proactive';

export interface DistributedOptions extends CycleOptions, ProactiveCycleOptions {
  /** A planned cycle not correlated after this long is correlated with the shards it has. @default 15 minutes */
  readonly stallMs?: number;
}

/** The message that asks the correlator to finish a cycle. */
export interface CorrelateRequest {
  readonly cycleId: string;
  /** Correlate even though some shards never reported (they are re-read next cycle). */
  readonly force?: boolean;
}

export function parseCorrelateRequest(data: unknown): CorrelateRequest {
  const d = data as Partial<CorrelateRequest> | null;
  if (!d || typeof d.cycleId !== 'string' || d.cycleId.length === 0) throw new ValidationError('Correlate request needs a cycleId', 'cycleId');
  return { cycleId: d.cycleId, ...(d.force === true ? { force: true } : {}) };
}

/** Parses a work item (an SQS message body), naming the bad field. */
export function parseWorkItem(data: unknown): WorkItem {
  return parseOrThrow(WorkItemSchema, data, 'work item');
}

// ---- planner ----------------------------------------------------------------------------------

export interface PlannerPorts {
  readonly catalog: ResourceCatalog;
  readonly events: EventSource;
  readonly insights: InsightStore;
  readonly state: StateStore;
  readonly cycles: CycleStore;
  /**
   * For the proactive pass (capacity forecasts, see proactive.ts), which reads its own hourly
   * points: it runs in the planner, the one step that holds the whole coverage. Absent = off.
   */
  readonly metrics?: MetricSource;
  /** Where proactive insights record their notifications (the insight item itself). */
  readonly outbox?: NotificationOutbox;
}

export type PlanOutcome =
  /** A cycle was planned (or re-planned on redelivery): send `items`; when there are none, send `correlate`. */
  | {
      readonly status: 'planned';
      readonly cycle: CycleRecord;
      readonly items: WorkItem[];
      readonly correlate?: CorrelateRequest;
      readonly events: number;
      /** Change-event windows left for later cycles and given up in this one (see event-backlog.ts). */
      readonly eventBacklog: Pick<EventCollection, 'unread' | 'dropped'>;
      readonly proactive?: ProactiveReport;
    }
  /** The previous cycle is still running: nothing to do this tick. */
  | { readonly status: 'waiting'; readonly inFlight: string }
  /** The previous cycle stalled: send `correlate` (forced); the next tick plans anew. */
  | { readonly status: 'stalled'; readonly correlate: CorrelateRequest }
  /** This tick's cycle is already complete (a late duplicate of the schedule). */
  | { readonly status: 'done'; readonly cycleId: string };

export async function planStep(ports: PlannerPorts, now: number, options: DistributedOptions = {}): Promise<PlanOutcome> {
  const opts = resolveOptions(options);
  const stallMs = options.stallMs ?? 15 * 60_000;
  const cycleId = cycleIdFor(now);
  const marker = await loadMarker(ports.state);
  if (marker && marker.lastCycleEnd >= now) return { status: 'done', cycleId };
  const inFlight = marker?.inFlight;
  if (inFlight && inFlight.cycleId !== cycleId) {
    const previous = await ports.cycles.getCycle(inFlight.cycleId);
    if (previous && previous.correlatedAt === undefined) {
      if (now - inFlight.plannedAt < stallMs) return { status: 'waiting', inFlight: inFlight.cycleId };
      return { status: 'stalled', correlate: { cycleId: inFlight.cycleId, force: true } };
    }
  }
  const plan = await planCycle(ports, now, opts);
  const collected = await collectEvents(ports, plan);
  const events = collected.events;
  const eventBacklog = { unread: collected.unread, dropped: collected.dropped };
  const cycle = await ports.cycles.planCycle({ cycleId, now, previousEnd: plan.previousEnd, shards: plan.items.length });
  if (cycle.correlatedAt !== undefined) return { status: 'done', cycleId };
  const next: CycleMarker = { version: 1, lastCycleEnd: plan.previousEnd, inFlight: { cycleId, now, plannedAt: now } };
  await ports.state.putStates(new Map([[CYCLE_STATE_KEY, next]]));
  const proactive =
    ports.metrics && options.proactive !== false
      ? await updateProactive({ metrics: ports.metrics, state: ports.state, insights: ports.insights, outbox: ports.outbox }, now, plan.resources, {
          accountId: opts.accountId,
          ...options.proactive,
        })
      : undefined;
  const extra = proactive ? { proactive } : {};
  // With no series at all the correlator still runs: it closes insights that went quiet.
  if (plan.items.length === 0) return { status: 'planned', cycle, items: [], correlate: { cycleId }, events, eventBacklog, ...extra };
  return { status: 'planned', cycle, items: plan.items, events, eventBacklog, ...extra };
}

// ---- analyzer ---------------------------------------------------------------------------------

export interface AnalyzerPorts {
  readonly metrics: MetricSource;
  readonly state: StateStore;
  readonly cycles: CycleStore;
}

export type AnalyzeOutcome =
  | {
      readonly status: 'analyzed';
      readonly result: ShardResult;
      /** Series whose state a concurrent duplicate of this work item had already written. */
      readonly skipped: string[];
      readonly cycle: CycleRecord;
      /** Set when this shard was the last one: send it to the correlator. */
      readonly correlate?: CorrelateRequest;
    }
  /** The cycle was already correlated (or is unknown): nothing is committed, the next cycle re-reads the points. */
  | { readonly status: 'stale'; readonly cycleId: string };

/**
 * Analyzes one shard and commits it: changed anomalies as pending items of the cycle, then
 * the series states (conditional: a state from this or a later cycle is never overwritten),
 * then the shard's completion. A redelivered item finds its points consumed and commits
 * nothing new; a crash before the states are written re-analyzes the same points.
 */
export async function analyzeStep(ports: AnalyzerPorts, item: WorkItem, options: CycleOptions = {}): Promise<AnalyzeOutcome> {
  const opts = resolveOptions(options);
  const before = await ports.cycles.getCycle(item.cycleId);
  if (!before || before.correlatedAt !== undefined) return { status: 'stale', cycleId: item.cycleId };
  const result = await analyzeShard(ports, item, opts);
  if (result.changed.length) await ports.cycles.putPendingAnomalies(item.cycleId, result.changed);
  const skipped = result.states.size ? await ports.cycles.putStatesForCycle(result.states, item.now) : [];
  const cycle = await ports.cycles.completeShard(item.cycleId, item.shard);
  const done = (cycle.doneShards ?? 0) >= cycle.shards;
  return { status: 'analyzed', result, skipped, cycle, ...(done ? { correlate: { cycleId: item.cycleId } } : {}) };
}

// ---- correlator -------------------------------------------------------------------------------

export interface CorrelatorPorts {
  readonly insights: InsightStore & Partial<NotificationOutbox>;
  readonly state: StateStore;
  readonly cycles: CycleStore;
}

export type CorrelateOutcome =
  | { readonly status: 'correlated'; readonly cycle: CycleRecord; readonly result: CorrelateOutput; readonly pending: number }
  | { readonly status: 'already' | 'incomplete' | 'unknown'; readonly cycleId: string };

/**
 * Correlates a cycle's pending anomalies into insights; each insight's notifications are
 * recorded in the same write as the insight (the outbox). A duplicate request finds the cycle correlated; a
 * concurrent duplicate loses the insight's version check (ConflictError) and is retried,
 * then finds the cycle correlated.
 */
export async function correlateStep(ports: CorrelatorPorts, request: CorrelateRequest, options: CycleOptions = {}): Promise<CorrelateOutcome> {
  const opts = resolveOptions(options);
  const cycle = await ports.cycles.getCycle(request.cycleId);
  if (!cycle) return { status: 'unknown', cycleId: request.cycleId };
  if (cycle.correlatedAt !== undefined) return { status: 'already', cycleId: cycle.cycleId };
  if (!request.force && (cycle.doneShards ?? 0) < cycle.shards) return { status: 'incomplete', cycleId: cycle.cycleId };
  const pending = await ports.cycles.listPendingAnomalies(cycle.cycleId);
  const insights = withConsistentTimeRanges(ports.insights).store;
  const outbox = insights.saveInsightWithNotifications ? (insights as NotificationOutbox) : undefined;
  const result = await correlateCycle(insights, { now: cycle.now, previousEnd: cycle.previousEnd, changed: pending }, opts, outbox);
  const marker = await loadMarker(ports.state);
  if (!marker || marker.lastCycleEnd < cycle.now) {
    const next: CycleMarker = { version: 1, lastCycleEnd: cycle.now };
    await ports.state.putStates(new Map([[CYCLE_STATE_KEY, next]]));
  }
  await ports.cycles.markCorrelated(cycle.cycleId, cycle.now);
  return { status: 'correlated', cycle, result, pending: pending.length };
}
