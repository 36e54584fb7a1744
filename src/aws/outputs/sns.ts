/**
 * SNS target: one publish per notification with a per-protocol message structure. E-mail
 * subscribers get the plain-text mail (`email.ts`); every other protocol (`default`, so sqs,
 * lambda, http/https, email-json, ...) gets the DevOps-Guru-shaped JSON unchanged. Filtered by
 * severity and message type, with `messageType` and `severity` message attributes so
 * subscribers can filter too, and `notificationId` so they can drop the rare repeat (delivery
 * is at-least-once). The whole structure stays under SNS's 256 KiB.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { matchesFilter, type InsightNotification, type NotificationFilter, type NotificationTarget } from '../../core';
import { renderEmail } from './email';
import { insightLinks, type InsightLinks } from './links';
import { buildMessage, MAX_MESSAGE_BYTES, type MessageContext } from './message';
import { summarize } from './summary';

export interface SnsTargetOptions extends MessageContext {
  readonly client: SNSClient;
  readonly topicArn: string;
  /** Which notifications are published. @default all */
  readonly filter?: NotificationFilter;
  /** Bytes of the whole message structure. @default 250_000 */
  readonly maxBytes?: number;
  /** Absolute links for the e-mail. @default relative API paths */
  readonly links?: InsightLinks;
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function snsSubject(n: InsightNotification): string {
  const label: Record<InsightNotification['messageType'], string> = {
    NEW_INSIGHT: 'New insight',
    CLOSED_INSIGHT: 'Insight closed',
    NEW_ASSOCIATION: 'New anomaly',
    SEVERITY_UPGRADED: n.previous ? `Severity ${n.previous.severity} to ${n.insight.severity}` : 'Severity upgraded',
    NEW_RECOMMENDATION: 'New recommendation',
  };
  const text = `Opsight ${n.insight.severity} - ${label[n.messageType]}: ${n.insight.name}`;
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 100 ? `${ascii.slice(0, 97)}...` : ascii;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The `MessageStructure: json` body: `default` (the JSON message) and `email` (the mail). The
 * JSON is built to a budget that leaves room for the mail and for escaping it as a string,
 * shrinking until the whole structure fits in `maxBytes`.
 */
export function buildMessageStructure(n: InsightNotification, ctx: MessageContext & { readonly links?: InsightLinks }, maxBytes = MAX_MESSAGE_BYTES): string {
  const links = ctx.links ?? insightLinks({});
  const email = renderEmail(summarize(n, { ...ctx, links }), n.id);
  const jsonCtx = { ...ctx, insightUrl: ctx.insightUrl ?? links.primary };
  let budget = maxBytes - bytes(JSON.stringify(email)) - 64;
  for (let attempt = 0; attempt < 8 && budget > 0; attempt++) {
    const body = JSON.stringify({ default: JSON.stringify(buildMessage(n, jsonCtx, budget)), email });
    const over = bytes(body) - maxBytes;
    if (over <= 0) return body;
    budget -= over + 1_024;
  }
  throw new Error(`The ${n.messageType} message of ${n.insight.id} does not fit in ${maxBytes} bytes`);
}

export class SnsTarget implements NotificationTarget {
  readonly name = 'sns';

  constructor(private readonly options: SnsTargetOptions) {}

  async deliver(n: InsightNotification): Promise<void> {
    if (this.options.filter && !matchesFilter(n, this.options.filter)) return;
    await this.options.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: snsSubject(n),
        MessageStructure: 'json',
        Message: buildMessageStructure(n, this.options, this.options.maxBytes ?? MAX_MESSAGE_BYTES),
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
