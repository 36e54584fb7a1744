/**
 * Phase 4, the notifier step: fans each notification out to every target (SNS, OpsCenter,
 * EventBridge, ...), once per (notification, target) when a delivery ledger is given, with
 * one target's failure never stopping the others.
 */
import { UpstreamError } from '../errors';
import { SEVERITY_RANK, type InsightNotification, type MessageType, type Severity } from '../model';
import type { DeliveryLedger } from '../ports';

/** A named delivery target. Names must be stable: the ledger records deliveries by name. */
export interface NotificationTarget {
  readonly name: string;
  deliver(notification: InsightNotification): Promise<void>;
}

/** Which notifications a target sends. Absent lists mean "all". */
export interface NotificationFilter {
  readonly severities?: readonly Severity[];
  readonly messageTypes?: readonly MessageType[];
  /** Lowest severity sent (alternative to listing severities). */
  readonly minSeverity?: Severity;
}

export function matchesFilter(n: Pick<InsightNotification, 'messageType' | 'insight'>, filter: NotificationFilter): boolean {
  if (filter.messageTypes && !filter.messageTypes.includes(n.messageType)) return false;
  if (filter.severities && !filter.severities.includes(n.insight.severity)) return false;
  if (filter.minSeverity && SEVERITY_RANK[n.insight.severity] < SEVERITY_RANK[filter.minSeverity]) return false;
  return true;
}

export interface DeliveryOutcome {
  readonly notificationId: string;
  readonly target: string;
  readonly status: 'delivered' | 'skipped' | 'failed';
  readonly error?: unknown;
}

export interface DeliverOptions {
  /** Ledger that makes delivery once-only across redeliveries; omitted = deliver every time. */
  readonly ledger?: DeliveryLedger;
  /** Time, for leases. */
  readonly now: number;
  /**
   * How long a claim stays valid if the worker dies before marking delivery: at least as long
   * as the worker may still send (its remaining run time). @default 5 minutes
   */
  readonly leaseMs?: number;
}

/**
 * Another worker holds the lease of a (notification, target): it may still deliver, or it may
 * have died holding it. Never a success: the caller fails and retries once the lease expired.
 */
export class LeaseHeldError extends UpstreamError {
  constructor(
    readonly notificationId: string,
    readonly target: string,
  ) {
    super(`Delivery of ${notificationId} to ${target} is leased by another invocation; retry after the lease expires`);
  }
}

async function deliverOne(n: InsightNotification, target: NotificationTarget, options: DeliverOptions): Promise<DeliveryOutcome> {
  const base = { notificationId: n.id, target: target.name };
  const ledger = options.ledger;
  if (ledger) {
    const claim = await ledger.claim(n.id, target.name, options.now, options.leaseMs ?? 300_000);
    if (claim === 'delivered') return { ...base, status: 'skipped' };
    if (claim === 'held') return { ...base, status: 'failed', error: new LeaseHeldError(n.id, target.name) };
  }
  try {
    await target.deliver(n);
  } catch (error) {
    if (ledger) await ledger.release(n.id, target.name).catch(() => undefined);
    return { ...base, status: 'failed', error };
  }
  if (ledger) await ledger.markDelivered(n.id, target.name, options.now);
  return { ...base, status: 'delivered' };
}

/**
 * Delivers notifications in order; for each, all targets in parallel. Returns one outcome per
 * (notification, target); never throws for a target's failure.
 */
export async function deliverNotifications(
  notifications: readonly InsightNotification[],
  targets: readonly NotificationTarget[],
  options: DeliverOptions,
): Promise<DeliveryOutcome[]> {
  const out: DeliveryOutcome[] = [];
  for (const n of notifications) out.push(...(await Promise.all(targets.map((t) => deliverOne(n, t, options)))));
  return out;
}
