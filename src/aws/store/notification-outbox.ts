/**
 * NotificationOutbox on DynamoDB: the insight item is its own outbox. Each conditional save
 * of an insight records the notifications of that change on the item (items.ts), and the
 * table's stream carries them to the notifier exactly when the change is stored.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  InsightSchema,
  ValidationError,
  collectionKey,
  type Insight,
  type InsightNotification,
  type NotificationOutbox,
  type ResourceCollection,
} from '../../core';
import { DIGEST_PREFIX, NOTIFICATIONS_ATTRIBUTE, encodeDigest } from './items';
import { isConditionFailure, type Item, type StoreContext } from './shared';
import { padTime } from './table';

interface InsightUpdate {
  readonly TableName: string;
  readonly Key: Item;
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Item;
}

export class DynamoNotificationOutbox implements NotificationOutbox {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * The conditional UpdateItem that saves an insight. Feedback (written by the API) and the
   * OpsItem id (written by the notifier) are never removed by it, so concurrent writers of
   * those never lose an update.
   */
  private insightUpdate(insight: Insight, notifications: readonly InsightNotification[]): InsightUpdate {
    const parsed = InsightSchema.parse(insight);
    const { feedback: _feedback, opsItemId, ...fields } = parsed;
    for (const n of notifications) {
      if (n.insight.id !== parsed.id || n.insight.version !== parsed.version) {
        throw new ValidationError(`Notification ${n.id} is for ${n.insight.id} v${n.insight.version}, not ${parsed.id} v${parsed.version}`, 'notifications');
      }
    }
    const attrs: Item = {
      ...fields,
      [NOTIFICATIONS_ATTRIBUTE]: notifications.map((n) => ({ id: n.id, messageType: n.messageType })),
      gsi1pk: 'INSIGHTS',
      gsi1sk: `${padTime(parsed.timeRange.start)}#${parsed.id}`,
      gsi2pk: `STATUS#${parsed.status}`,
      gsi2sk: `${padTime(parsed.timeRange.start)}#${parsed.id}`,
    };
    if (opsItemId !== undefined) attrs.opsItemId = opsItemId;
    if (parsed.status === 'CLOSED') attrs.expiresAt = this.ctx.expiry(parsed.timeRange.end ?? parsed.updatedAt);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    let i = 0;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined) continue;
      names[`#a${i}`] = k;
      values[`:v${i}`] = v;
      sets.push(`#a${i} = :v${i}`);
      i++;
    }
    for (const optional of ['rootCause', 'predictionTimeRange', 'expiresAt'] as const) {
      if (attrs[optional] === undefined) {
        const n = `#r${removes.length}`;
        names[n] = optional;
        removes.push(n);
      }
    }
    let condition: string;
    if (parsed.version <= 1) {
      condition = 'attribute_not_exists(pk)';
    } else {
      names['#ver'] = 'version';
      condition = '#ver = :expected';
      values[':expected'] = parsed.version - 1;
    }
    return {
      TableName: this.ctx.table,
      Key: { pk: `INSIGHT#${parsed.id}`, sk: 'INSIGHT' },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  private conflict(insight: Insight, cause: unknown): ConflictError {
    return new ConflictError(`Insight ${insight.id} changed concurrently (expected version ${insight.version - 1})`, { cause });
  }

  /**
   * Remembers the insight's collection and keeps the insight's digest on the collection's item
   * (`i:<id>`: type, severity, status, start, end, version), which the health views read instead
   * of every insight. Idempotent, and a digest never replaces one of a later version.
   */
  async rememberCollection(collection: ResourceCollection, insight?: Insight): Promise<void> {
    const key = { pk: 'COLLECTIONS', sk: collectionKey(collection) };
    if (!insight) {
      await this.ctx.doc.send(new UpdateCommand({ TableName: this.ctx.table, Key: key, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'collection' }, ExpressionAttributeValues: { ':c': collection } }));
      return;
    }
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
          Key: key,
          UpdateExpression: 'SET #c = :c, #i = :d',
          ConditionExpression: 'attribute_not_exists(#i) OR #i.#v < :v',
          ExpressionAttributeNames: { '#c': 'collection', '#i': `${DIGEST_PREFIX}${insight.id}`, '#v': 'v' },
          ExpressionAttributeValues: { ':c': collection, ':d': encodeDigest(insight), ':v': insight.version },
        }),
      );
    } catch (err) {
      // A later version's digest is there already.
      if (!isConditionFailure(err)) throw err;
    }
  }

  /**
   * Saves the insight and records the notifications of this change on the insight item, in
   * the same conditional UpdateItem: the item is its own outbox. The table's stream then
   * carries the new version with its notifications to the notifier, exactly when the change
   * was stored. (One item write is atomic; no transaction is needed.)
   */
  async saveInsightWithNotifications(insight: Insight, notifications: readonly InsightNotification[]): Promise<void> {
    try {
      await this.ctx.doc.send(new UpdateCommand(this.insightUpdate(insight, notifications)));
    } catch (err) {
      if (isConditionFailure(err)) throw this.conflict(insight, err);
      throw err;
    }
    await this.rememberCollection(insight.collection, insight);
    await bumpRevision(this.ctx);
  }
}

/** The item whose `rev` grows with every write that can change the health views or DORA metrics. */
export const REVISION_KEY = { pk: 'SUMMARY', sk: 'REVISION' };

export async function bumpRevision(ctx: StoreContext): Promise<void> {
  await ctx.doc.send(new UpdateCommand({ TableName: ctx.table, Key: REVISION_KEY, UpdateExpression: 'ADD #r :one', ExpressionAttributeNames: { '#r': 'rev' }, ExpressionAttributeValues: { ':one': 1 } }));
}
