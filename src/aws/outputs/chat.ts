/**
 * Chat target: publishes each notification to its own SNS topic as an AWS Chatbot (Amazon Q
 * Developer in chat applications) custom notification, which the service renders as a card in
 * Slack or Microsoft Teams: version `1.0`, source `custom`, content (`client-markdown` title,
 * description, next steps, keywords) and metadata (thread per insight, related resources).
 */
import { accountLabel, insightPlace, type AccountNames } from './account';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { matchesFilter, type InsightNotification, type NotificationFilter, type NotificationTarget } from '../../core';
import { clip } from './email';
import { insightLinks, type InsightLinks } from './links';
import { relatedResourceArns } from './resources';
import { summarize, worstFirst, type InsightSummary } from './summary';

/** A custom notification as the chat service accepts it. */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

export interface ChatContext extends AccountNames {
  readonly accountId: string;
  readonly region: string;
  readonly links?: InsightLinks;
}

/** Opsight's bound on the card's description, so a card stays readable in a channel. */
export const MAX_CHAT_DESCRIPTION = 3_000;

const MARK: Record<string, string> = { HIGH: ':red_circle:', MEDIUM: ':large_orange_circle:', LOW: ':large_yellow_circle:' };

function description(s: InsightSummary): string {
  const lines = [
    `*${s.change}* ${s.when}.`,
    `*Where:* ${s.where}`,
    ...(s.predicted ? [`*Predicted to run out:* ${s.predicted}`] : []),
    ...(s.cause ? [clip(s.cause, 500)] : []),
    ...(s.anomalies.length ? ['*What is unusual:*'] : []),
    ...s.anomalies.map((a) => `• ${clip(a.what, 200)}: ${a.value}, ${a.when}`),
    ...(s.moreAnomalies > 0 ? [`• … and ${s.moreAnomalies} more`] : []),
    ...s.links.map((l) => `${l.label}: ${l.url}`),
  ];
  let text = lines.join('\n');
  // Drop anomaly lines from the end until the card fits (links and cause stay).
  while (text.length > MAX_CHAT_DESCRIPTION && lines.some((l) => l.startsWith('• '))) {
    lines.splice(lines.map((l) => l.startsWith('• ')).lastIndexOf(true), 1);
    text = lines.join('\n');
  }
  return clip(text, MAX_CHAT_DESCRIPTION);
}

export function buildChatNotification(n: InsightNotification, ctx: ChatContext): ChatNotification {
  const s = summarize(n, { ...ctx, links: ctx.links ?? insightLinks({}), maxAnomalies: 3 });
  const i = n.insight;
  const mark = n.messageType === 'CLOSED_INSIGHT' ? ':white_check_mark:' : MARK[i.severity];
  return {
    version: '1.0',
    source: 'custom',
    id: n.id,
    content: {
      textType: 'client-markdown',
      title: clip(`${mark} ${s.headline}`, 250),
      description: description(s),
      nextSteps: s.recommendations.map((r) => clip(r.runbook ? `${r.name} (runbook ${r.runbook.name} on the OpsItem)` : r.name, 250)),
      keywords: [i.severity, i.type, i.status, i.collection.name].map((k) => clip(k, 75)),
    },
    metadata: {
      threadId: i.id,
      summary: clip(`${s.change} ${i.name}`, 250),
      eventType: n.messageType,
      relatedResources: relatedResourceArns(worstFirst(n.anomalies), ctx).slice(0, 20),
      additionalContext: { insightId: i.id, severity: i.severity, status: i.status, ...insightPlace(i, ctx), ...(i.accountId ? { account: accountLabel(i.accountId, ctx) } : {}) },
    },
  };
}

export interface ChatTargetOptions extends ChatContext {
  readonly client: SNSClient;
  /** The chat topic (subscribed by the chat service's channel configuration). */
  readonly topicArn: string;
  /** @default all notifications */
  readonly filter?: NotificationFilter;
}

export class ChatTarget implements NotificationTarget {
  readonly name = 'chat';

  constructor(private readonly options: ChatTargetOptions) {}

  async deliver(n: InsightNotification): Promise<void> {
    if (this.options.filter && !matchesFilter(n, this.options.filter)) return;
    await this.options.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Message: JSON.stringify(buildChatNotification(n, this.options)),
        MessageAttributes: {
          messageType: { DataType: 'String', StringValue: n.messageType },
          severity: { DataType: 'String', StringValue: n.insight.severity },
          notificationId: { DataType: 'String', StringValue: n.id },
        },
      }),
    );
  }
}
