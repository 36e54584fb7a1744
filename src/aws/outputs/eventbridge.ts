/**
 * EventBridge target: one event per insight transition, with detail types mirroring DevOps
 * Guru's ("DevOps Guru New Insight Open" → "Opsight New Insight Open") and the same detail.
 */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { UpstreamError, matchesFilter, type InsightNotification, type MessageType, type NotificationFilter, type NotificationTarget } from '../../core';
import { buildMessage, resourceArns, type MessageContext } from './message';

export const DETAIL_TYPES: Readonly<Record<MessageType, string>> = {
  NEW_INSIGHT: 'Opsight New Insight Open',
  NEW_ASSOCIATION: 'Opsight New Anomaly Association',
  SEVERITY_UPGRADED: 'Opsight Insight Severity Upgraded',
  NEW_RECOMMENDATION: 'Opsight New Recommendation Created',
  CLOSED_INSIGHT: 'Opsight Insight Closed',
};

/** The `source` of every Opsight event. */
export const EVENT_SOURCE = 'opsight';

export interface EventBridgeTargetOptions extends MessageContext {
  readonly client: EventBridgeClient;
  /** Bus name or ARN. @default 'default' */
  readonly eventBusName?: string;
  /** @default all notifications */
  readonly filter?: NotificationFilter;
  /** @default 'opsight' */
  readonly source?: string;
}

/** PutEvents entries are limited to 256 KiB including the envelope. */
const MAX_DETAIL_BYTES = 240_000;

export class EventBridgeTarget implements NotificationTarget {
  readonly name = 'eventbridge';

  constructor(private readonly options: EventBridgeTargetOptions) {}

  async deliver(n: InsightNotification): Promise<void> {
    if (this.options.filter && !matchesFilter(n, this.options.filter)) return;
    const detail = buildMessage(n, this.options, MAX_DETAIL_BYTES);
    const out = await this.options.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: this.options.source ?? EVENT_SOURCE,
            DetailType: DETAIL_TYPES[n.messageType],
            // notificationId lets a rule's target drop the rare repeat (delivery is at-least-once).
            Detail: JSON.stringify({ ...detail, notificationId: n.id }),
            Resources: resourceArns(n.anomalies).slice(0, 20),
            Time: new Date(n.insight.updatedAt),
            EventBusName: this.options.eventBusName ?? 'default',
          },
        ],
      }),
    );
    const failed = out.Entries?.find((e) => e.ErrorCode);
    if ((out.FailedEntryCount ?? 0) > 0 || failed) {
      throw new UpstreamError(`EventBridge rejected the ${n.messageType} event of ${n.insight.id}: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim());
    }
  }
}
