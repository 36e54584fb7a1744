/**
 * CycleStore on DynamoDB: the distributed pipeline's bookkeeping (pk CYCLE#<id>: the record
 * and the pending anomalies) and the conditional per-series state writes of a work item.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AnomalySchema, ConflictError, ValidationError, type Anomaly, type CycleRecord, type CycleStore } from '../../core';
import { isConditionFailure, mapLimit, type Item, type StoreContext } from './shared';
import type { DynamoStateStore } from './state-store';

function toCycleRecord(item: Item): CycleRecord {
  const done = item.done instanceof Set ? item.done.size : Array.isArray(item.done) ? item.done.length : 0;
  return {
    cycleId: String(item.cycleId),
    now: Number(item.now),
    previousEnd: Number(item.previousEnd),
    shards: Number(item.shards),
    doneShards: done,
    ...(item.correlatedAt !== undefined ? { correlatedAt: Number(item.correlatedAt) } : {}),
  };
}

export class DynamoCycleStore implements CycleStore {
  constructor(
    private readonly ctx: StoreContext,
    private readonly states: DynamoStateStore,
  ) {}

  async putStatesForCycle(entries: ReadonlyMap<string, unknown>, cycleNow: number): Promise<string[]> {
    const skipped: string[] = [];
    await mapLimit([...entries], this.ctx.concurrency, async ([k, v]) => {
      await this.ctx.stateWrites?.take();
      try {
        await this.ctx.doc.send(
          new PutCommand({
            TableName: this.ctx.table,
            Item: { pk: `STATE#${k}`, sk: 'STATE', z: this.states.stateData(k, v), cycleNow, expiresAt: this.ctx.expiry(cycleNow, this.ctx.stateRetentionMs) },
            ConditionExpression: 'attribute_not_exists(cycleNow) OR cycleNow < :now',
            ExpressionAttributeValues: { ':now': cycleNow },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        skipped.push(k);
      }
    });
    return skipped.sort();
  }

  // ---- distributed cycles (pk CYCLE#<id>: the record and the pending anomalies) -------------

  async planCycle(record: CycleRecord): Promise<CycleRecord> {
    try {
      await this.ctx.doc.send(
        new PutCommand({
          TableName: this.ctx.table,
          Item: {
            pk: `CYCLE#${record.cycleId}`,
            sk: 'CYCLE',
            cycleId: record.cycleId,
            now: record.now,
            previousEnd: record.previousEnd,
            shards: record.shards,
            expiresAt: this.ctx.expiry(record.now, this.ctx.cycleRetentionMs),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { ...record, doneShards: 0 };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const existing = await this.getCycle(record.cycleId);
      if (!existing) throw new ConflictError(`Cycle ${record.cycleId} exists but cannot be read`, { cause: err });
      return existing;
    }
  }

  async getCycle(cycleId: string): Promise<CycleRecord | undefined> {
    const r = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.table, Key: { pk: `CYCLE#${cycleId}`, sk: 'CYCLE' }, ConsistentRead: true }));
    return r.Item ? toCycleRecord(r.Item) : undefined;
  }

  async putPendingAnomalies(cycleId: string, anomalies: readonly Anomaly[]): Promise<void> {
    const items = anomalies.map((a) => {
      const parsed = AnomalySchema.parse(a);
      return { pk: `CYCLE#${cycleId}`, sk: `ANOMALY#${parsed.id}`, anomaly: parsed, expiresAt: this.ctx.expiry(parsed.reportedAt, this.ctx.cycleRetentionMs) };
    });
    await this.ctx.batchPut(items);
  }

  async listPendingAnomalies(cycleId: string): Promise<Anomaly[]> {
    const items = await this.ctx.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
      ExpressionAttributeValues: { ':pk': `CYCLE#${cycleId}`, ':a': 'ANOMALY#' },
      ConsistentRead: true,
    });
    return items.map((it) => AnomalySchema.parse(it.anomaly));
  }

  async completeShard(cycleId: string, shard: number): Promise<CycleRecord> {
    try {
      const r = await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
          Key: { pk: `CYCLE#${cycleId}`, sk: 'CYCLE' },
          UpdateExpression: 'ADD done :s',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':s': new Set([shard]) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toCycleRecord(r.Attributes ?? {});
    } catch (err) {
      if (isConditionFailure(err)) throw new ValidationError(`No cycle with id ${cycleId}`, 'cycleId', { cause: err });
      throw err;
    }
  }

  async markCorrelated(cycleId: string, at: number): Promise<boolean> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
          Key: { pk: `CYCLE#${cycleId}`, sk: 'CYCLE' },
          UpdateExpression: 'SET correlatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(correlatedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }
}
