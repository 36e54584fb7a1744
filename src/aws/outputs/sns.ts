/**
 * SNS target: publishes DevOps-Guru-shaped JSON to a topic, filtered by severity and message
 * type, with `messageType` and `severity` message attributes so subscribers can filter too, and
 * `notificationId` so they can drop the rare repeat (delivery is at-least-once).
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { matchesFilter, type InsightNotification, type NotificationFilter, type NotificationTarget } from '../../core';
import { buildMessage, MAX_MESSAGE_BYTES, type MessageContext } from './message';

export interface SnsTargetOptions extends MessageContext {
  readonly client: SNSClient;
  readonly topicArn: string;
  /** Which notifications are published. @default all */
  readonly filter?: NotificationFilter;
  /** @default 250_000 */
  readonly maxBytes?: number;
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function snsSubject(n: InsightNotification): string {
  const label: Record<InsightNotification['messageType'], string> = {
    NEW_INSIGHT: 'New insight',
    CLOSED_INSIGHT: 'Insight closed',
    NEW_ASSOCIATION: 'New anomaly',
    SEVERITY_UPGRADED: 'Severity upgraded',
    NEW_RECOMMENDATION: 'New recommendation',
  };
  const text = `Opsight ${n.insight.severity} - ${label[n.messageType]}: ${n.insight.name}`;
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 100 ? `${ascii.slice(0, 97)}...` : ascii;
}

export class SnsTarget implements NotificationTarget {
  readonly name = 'sns';

  constructor(private readonly options: SnsTargetOptions) {}

  async deliver(n: InsightNotification): Promise<void> {
    if (this.options.filter && !matchesFilter(n, this.options.filter)) return;
    const message = buildMessage(n, this.options, this.options.maxBytes ?? MAX_MESSAGE_BYTES);
    await this.options.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: snsSubject(n),
        Message: JSON.stringify(message),
        MessageAttributes: {
          messageType: { DataType: 'String', StringValue: n.messageType },
          severity: { DataType: 'String', StringValue: n.insight.severity },
          insightType: { DataType: 'String', StringValue: n.insight.type },
          // Delivery is at-least-once: a subscriber may drop a repeat by this id.
          notificationId: { DataType: 'String', StringValue: n.id },
        },
      }),
    );
  }
}
