/**
 * Item shapes of the single table that are not plain domain objects: outbox items (insight
 * notifications waiting for delivery) and their codecs, shared by the store and the notifier
 * Lambda that reads them back from the table's stream.
 */
import { AnomalySchema, InsightSchema, MessageTypeSchema, type Anomaly, type InsightNotification } from '../../core';
import { padTime } from './table';

/** Anomalies copied into an outbox item (the rest are counted): keeps the item far below 400 KB. */
export const OUTBOX_MAX_ANOMALIES = 50;

export const OUTBOX_PREFIX = 'OUTBOX#';

/** Outbox key: one partition per insight, so the stream keeps an insight's notifications in order. */
export function outboxKey(n: Pick<InsightNotification, 'messageType' | 'insight'>): { pk: string; sk: string } {
  return { pk: `${OUTBOX_PREFIX}${n.insight.id}`, sk: `NTF#${padTime(n.insight.version)}#${n.messageType}` };
}

/** An anomaly without its evidence points (they are for charts, not for messages). */
export function summariseAnomaly(a: Anomaly): Anomaly {
  return { ...a, evidence: [] };
}

export function outboxItem(n: InsightNotification, createdAt: number, expiresAt: number): Record<string, unknown> {
  return {
    ...outboxKey(n),
    notificationId: n.id,
    messageType: n.messageType,
    insightId: n.insight.id,
    version: n.insight.version,
    insight: n.insight,
    anomalies: n.anomalies.slice(0, OUTBOX_MAX_ANOMALIES).map(summariseAnomaly),
    anomalyCount: n.anomalies.length,
    createdAt,
    expiresAt,
  };
}

/** Reads an outbox item (a stream NewImage, unmarshalled) back into a notification. */
export function notificationFromOutbox(item: Record<string, unknown>): InsightNotification {
  return {
    id: String(item.notificationId),
    messageType: MessageTypeSchema.parse(item.messageType),
    insight: InsightSchema.parse(item.insight),
    anomalies: Array.isArray(item.anomalies) ? item.anomalies.map((a) => AnomalySchema.parse(a)) : [],
  };
}

export function isOutboxKey(pk: unknown): boolean {
  return typeof pk === 'string' && pk.startsWith(OUTBOX_PREFIX);
}
