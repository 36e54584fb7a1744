/**
 * Fans notifications out to several targets; one target's failure never stops the others.
 * With a delivery ledger each (notification, target) pair is sent once across redeliveries.
 */
import {
  UpstreamError,
  deliverNotifications,
  type DeliveryLedger,
  type DeliveryOutcome,
  type InsightNotification,
  type NotificationTarget,
  type Notifier,
} from '../../core';

export interface CompositeNotifierOptions {
  readonly ledger?: DeliveryLedger;
  /** Epoch ms now. @default Date.now */
  readonly clock?: () => number;
  /** @default 5 minutes */
  readonly leaseMs?: number;
}

/** Thrown when some deliveries failed; lists them (the others succeeded and are recorded). */
export class DeliveryError extends UpstreamError {
  constructor(readonly failures: readonly DeliveryOutcome[]) {
    super(`Delivery failed for ${failures.map((f) => `${f.notificationId} → ${f.target}: ${errorText(f.error)}`).join('; ')}`, { cause: failures[0]?.error });
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export class CompositeNotifier implements Notifier {
  constructor(
    readonly targets: readonly NotificationTarget[],
    private readonly options: CompositeNotifierOptions = {},
  ) {}

  /**
   * Delivers and reports every (notification, target) outcome; never throws for a target.
   * `leaseMs` overrides the lease for this call (a Lambda passes its remaining run time).
   */
  async deliver(notifications: readonly InsightNotification[], call: { readonly leaseMs?: number } = {}): Promise<DeliveryOutcome[]> {
    return deliverNotifications(notifications, this.targets, {
      ledger: this.options.ledger,
      now: (this.options.clock ?? Date.now)(),
      leaseMs: call.leaseMs ?? this.options.leaseMs,
    });
  }

  async notify(notifications: readonly InsightNotification[]): Promise<void> {
    const failures = (await this.deliver(notifications)).filter((o) => o.status === 'failed');
    if (failures.length) throw new DeliveryError(failures);
  }
}
