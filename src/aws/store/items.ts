/**
 * The insight item as an outbox: each conditional save of an insight also records, on the
 * item, the notifications of that change (`notifications: [{id, messageType}]`). The table's
 * stream (NEW_AND_OLD_IMAGES) carries them to the notifier exactly when the change is stored.
 * This module reads such stream images back.
 */
import { InsightSchema, MessageTypeSchema, type Insight, type InsightDigest, type MessageType } from '../../core';

/** Attribute of the insight item listing the notifications of its latest version. */
export const NOTIFICATIONS_ATTRIBUTE = 'notifications';

export interface PendingNotifications {
  readonly insight: Insight;
  readonly notifications: ReadonlyArray<{ readonly id: string; readonly messageType: MessageType }>;
}

/** True for the key of an insight item (`pk = INSIGHT#<id>`, `sk = INSIGHT`). */
export function isInsightKey(keys: Record<string, unknown> | undefined): boolean {
  return typeof keys?.pk === 'string' && keys.pk.startsWith('INSIGHT#') && keys.sk === 'INSIGHT';
}

/**
 * The notifications carried by one stream record of an insight item, given its new and old
 * images (unmarshalled). Only a change that raised the version carries any: the notifier's own
 * writes (OpsItem id) and the API's (feedback) keep the version and carry none.
 */
export function notificationsFromImages(newImage: Record<string, unknown> | undefined, oldImage: Record<string, unknown> | undefined): PendingNotifications | undefined {
  if (!newImage || !isInsightKey(newImage)) return undefined;
  const version = Number(newImage.version);
  const before = oldImage ? Number(oldImage.version) : 0;
  if (!(version > before)) return undefined;
  const raw = newImage[NOTIFICATIONS_ATTRIBUTE];
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const insight = InsightSchema.parse(newImage);
  const notifications = raw.map((n: { id?: unknown; messageType?: unknown }) => ({ id: String(n.id), messageType: MessageTypeSchema.parse(n.messageType) }));
  return { insight, notifications };
}

/** Attributes of a collection item (`pk COLLECTIONS`) holding one insight's digest: `i:<insightId>`. */
export const DIGEST_PREFIX = 'i:';

/** An insight's digest as stored: short keys, so a collection item holds thousands. */
export interface StoredDigest {
  readonly t: 'R' | 'P';
  readonly l: 'L' | 'M' | 'H';
  readonly s: 'O' | 'C';
  readonly b: number;
  readonly e?: number;
  readonly v: number;
}

export function encodeDigest(i: Insight): StoredDigest {
  return {
    t: i.type === 'REACTIVE' ? 'R' : 'P',
    l: i.severity === 'LOW' ? 'L' : i.severity === 'MEDIUM' ? 'M' : 'H',
    s: i.status === 'ONGOING' ? 'O' : 'C',
    b: i.timeRange.start,
    ...(i.timeRange.end !== undefined ? { e: i.timeRange.end } : {}),
    v: i.version,
  };
}

export function decodeDigest(id: string, d: StoredDigest): InsightDigest {
  return {
    id,
    type: d.t === 'R' ? 'REACTIVE' : 'PROACTIVE',
    severity: d.l === 'L' ? 'LOW' : d.l === 'M' ? 'MEDIUM' : 'HIGH',
    status: d.s === 'O' ? 'ONGOING' : 'CLOSED',
    timeRange: { start: Number(d.b), ...(d.e !== undefined ? { end: Number(d.e) } : {}) },
    version: Number(d.v),
  };
}
