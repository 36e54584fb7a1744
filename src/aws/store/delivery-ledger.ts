/** DeliveryLedger on DynamoDB: one item per notification and target (pk DELIVERY#<id>, sk <target>). */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, DeliveryLedger } from '../../core';
import { DAY, isConditionFailure, type StoreContext } from './shared';

export class DynamoDeliveryLedger implements DeliveryLedger {
  constructor(private readonly ctx: StoreContext) {}

  // ---- delivery ledger (pk DELIVERY#<notificationId>, sk <target>) -------------------------

  async claim(id: string, target: string, now: number, leaseMs: number): Promise<ClaimResult> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
          Key: { pk: `DELIVERY#${id}`, sk: target },
          UpdateExpression: 'SET leaseUntil = :until, attempts = if_not_exists(attempts, :zero) + :one, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(deliveredAt) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          ExpressionAttributeValues: { ':until': now + leaseMs, ':now': now, ':zero': 0, ':one': 1, ':exp': this.ctx.expiry(now, 30 * DAY) },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
    // Delivered, or leased by someone else: a consistent read tells which.
    return (await this.getDelivery(id, target))?.deliveredAt !== undefined ? 'delivered' : 'held';
  }

  async markDelivered(id: string, target: string, now: number): Promise<void> {
    await this.ctx.doc.send(
      new UpdateCommand({
        TableName: this.ctx.table,
        Key: { pk: `DELIVERY#${id}`, sk: target },
        UpdateExpression: 'SET deliveredAt = :now REMOVE leaseUntil',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  }

  async release(id: string, target: string): Promise<void> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
          Key: { pk: `DELIVERY#${id}`, sk: target },
          UpdateExpression: 'REMOVE leaseUntil',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deliveredAt)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** Delivery record of one notification to one target (audit, tests). */
  async getDelivery(id: string, target: string): Promise<{ deliveredAt?: number; attempts: number } | undefined> {
    const r = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.table, Key: { pk: `DELIVERY#${id}`, sk: target }, ConsistentRead: true }));
    if (!r.Item) return undefined;
    return { attempts: Number(r.Item.attempts ?? 0), ...(r.Item.deliveredAt !== undefined ? { deliveredAt: Number(r.Item.deliveredAt) } : {}) };
  }
}
