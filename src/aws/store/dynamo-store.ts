/**
 * The DynamoDB store: implements InsightStore and StateStore on one table (see table.ts).
 * Used unchanged in AWS and locally on the embedded engine. Every request path is a Query,
 * GetItem or BatchGetItem; writes are idempotent or conditional.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  AnomalySchema,
  ConflictError,
  EventSchema,
  InsightSchema,
  ValidationError,
  collectionKey,
  type Anomaly,
  type Feedback,
  type Insight,
  type InsightQuery,
  type InsightStore,
  type OpsEvent,
  type Page,
  type ResourceCollection,
  type StateStore,
} from '../../core';
import { TABLE, padTime } from './table';

const DAY = 86_400_000;

export interface DynamoStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days closed insights, anomalies and events are kept before TTL deletes them. @default 90 */
  readonly retentionDays?: number;
}

type Item = Record<string, unknown>;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, expiresAt: _e, ...rest } = item;
  return rest;
}

function encodeToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

function decodeToken(token: string | undefined): Record<string, unknown> | undefined {
  if (!token) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (cause) {
    throw new ValidationError('nextToken is not a token this API issued', 'nextToken', { cause });
  }
}

function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class DynamoStore implements InsightStore, StateStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly retentionMs: number;

  constructor(options: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    this.table = options.tableName;
    this.retentionMs = (options.retentionDays ?? 90) * DAY;
  }

  private expiry(fromMs: number): number {
    return Math.floor((fromMs + this.retentionMs) / 1000);
  }

  // ---- insights ---------------------------------------------------------------------------

  async getInsight(id: string): Promise<Insight | undefined> {
    const r = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `INSIGHT#${id}`, sk: 'INSIGHT' } }));
    return r.Item ? InsightSchema.parse(strip(r.Item)) : undefined;
  }

  async listOngoingInsights(): Promise<Insight[]> {
    const out: Insight[] = [];
    let token: string | undefined;
    do {
      const page = await this.listInsights({ status: 'ONGOING', limit: 100, nextToken: token });
      out.push(...page.items);
      token = page.nextToken;
    } while (token);
    return out;
  }

  async listInsights(query: InsightQuery): Promise<Page<Insight>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 100);
    const useStatus = query.status !== undefined;
    const index = useStatus ? TABLE.gsi2 : TABLE.gsi1;
    const names: Record<string, string> = { '#pk': index.partitionKey };
    const values: Record<string, unknown> = { ':pk': useStatus ? `STATUS#${query.status}` : 'INSIGHTS' };
    let keyCondition = '#pk = :pk';
    if (query.to !== undefined) {
      keyCondition += ' AND #sk <= :to';
      names['#sk'] = index.sortKey;
      values[':to'] = `${padTime(query.to)}#\uffff`;
    }
    const filters: string[] = [];
    if (query.type) {
      filters.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = query.type;
    }
    if (query.severity) {
      filters.push('severity = :sev');
      values[':sev'] = query.severity;
    }
    if (query.collection) {
      filters.push('#col.#cname = :col');
      names['#col'] = 'collection';
      names['#cname'] = 'name';
      values[':col'] = query.collection;
    }
    if (query.from !== undefined) {
      filters.push('(attribute_not_exists(#tr.#end) OR #tr.#end >= :from)');
      names['#tr'] = 'timeRange';
      names['#end'] = 'end';
      values[':from'] = query.from;
    }
    const items: Insight[] = [];
    let startKey = decodeToken(query.nextToken);
    // A filtered Query may return short pages: keep reading until the page is full.
    for (;;) {
      const input: QueryCommandInput = {
        TableName: this.table,
        IndexName: index.name,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: limit - items.length,
        ExclusiveStartKey: startKey,
      };
      if (filters.length) input.FilterExpression = filters.join(' AND ');
      const r = await this.doc.send(new QueryCommand(input));
      for (const it of r.Items ?? []) items.push(InsightSchema.parse(strip(it)));
      startKey = r.LastEvaluatedKey;
      if (!startKey || items.length >= limit) break;
    }
    return { items, nextToken: encodeToken(startKey) };
  }

  async saveInsight(insight: Insight): Promise<void> {
    const parsed = InsightSchema.parse(insight);
    const { feedback: _feedback, ...fields } = parsed;
    const attrs: Item = {
      ...fields,
      gsi1pk: 'INSIGHTS',
      gsi1sk: `${padTime(parsed.timeRange.start)}#${parsed.id}`,
      gsi2pk: `STATUS#${parsed.status}`,
      gsi2sk: `${padTime(parsed.timeRange.start)}#${parsed.id}`,
    };
    if (parsed.status === 'CLOSED') attrs.expiresAt = this.expiry(parsed.timeRange.end ?? parsed.updatedAt);
    // UpdateItem (not Put) so feedback written concurrently by the API is never overwritten.
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    let i = 0;
    for (const [k, v] of Object.entries(attrs)) {
      const n = `#a${i}`;
      names[n] = k;
      if (v === undefined) {
        removes.push(n);
      } else {
        values[`:v${i}`] = v;
        sets.push(`${n} = :v${i}`);
      }
      i++;
    }
    for (const optional of ['rootCause', 'predictionTimeRange', 'opsItemId', 'expiresAt'] as const) {
      if (!(optional in attrs)) {
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
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `INSIGHT#${parsed.id}`, sk: 'INSIGHT' },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new ConflictError(`Insight ${parsed.id} changed concurrently (expected version ${parsed.version - 1})`, { cause: err });
      }
      throw err;
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: 'COLLECTIONS', sk: collectionKey(parsed.collection), collection: parsed.collection },
      }),
    );
  }

  async listCollections(): Promise<ResourceCollection[]> {
    const out: ResourceCollection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'COLLECTIONS' }, ExclusiveStartKey: startKey }),
      );
      for (const it of r.Items ?? []) out.push(it.collection as ResourceCollection);
      startKey = r.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  async putFeedback(feedback: Feedback): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `INSIGHT#${feedback.insightId}`, sk: 'INSIGHT' },
          UpdateExpression: 'SET feedback = :f',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':f': feedback.value },
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new ValidationError(`No insight with id ${feedback.insightId}`, 'insightId', { cause: err });
      }
      throw err;
    }
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: `INSIGHT#${feedback.insightId}`, sk: `FEEDBACK#${padTime(feedback.at)}`, ...feedback } }),
    );
  }

  // ---- anomalies --------------------------------------------------------------------------

  async putAnomalies(anomalies: readonly Anomaly[]): Promise<void> {
    const items = anomalies.map((a) => {
      const parsed = AnomalySchema.parse(a);
      const item: Item = { pk: `ANOMALY#${a.id}`, sk: 'ANOMALY', ...parsed };
      if (parsed.insightId) {
        item.gsi1pk = `INSIGHT#${parsed.insightId}`;
        item.gsi1sk = `${padTime(parsed.timeRange.start)}#${parsed.id}`;
      }
      if (parsed.status === 'CLOSED') item.expiresAt = this.expiry(parsed.timeRange.end ?? parsed.lastAnomalousAt);
      return item;
    });
    await this.batchPut(items);
  }

  async getAnomalies(ids: readonly string[]): Promise<Anomaly[]> {
    const items = await this.batchGet([...new Set(ids)].map((id) => ({ pk: `ANOMALY#${id}`, sk: 'ANOMALY' })));
    return items.map((it) => AnomalySchema.parse(strip(it))).sort((a, b) => a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id));
  }

  // ---- events -----------------------------------------------------------------------------

  async putEvents(events: readonly OpsEvent[]): Promise<void> {
    const items = events.map((e) => {
      const parsed = EventSchema.parse(e);
      return { pk: `EVENTS#${dayKey(parsed.time)}`, sk: `${padTime(parsed.time)}#${parsed.id}`, ...parsed, expiresAt: this.expiry(parsed.time) };
    });
    await this.batchPut(items);
  }

  async listEvents(start: number, end: number): Promise<OpsEvent[]> {
    const out: OpsEvent[] = [];
    const firstDay = Math.floor(start / DAY) * DAY;
    for (let day = firstDay; day <= end; day += DAY) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const r = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
            ExpressionAttributeValues: { ':pk': `EVENTS#${dayKey(day)}`, ':a': padTime(start), ':b': `${padTime(end)}#\uffff` },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const it of r.Items ?? []) out.push(EventSchema.parse(strip(it)));
        startKey = r.LastEvaluatedKey;
      } while (startKey);
    }
    return out;
  }

  // ---- detector state ---------------------------------------------------------------------

  async getStates(keys: readonly string[]): Promise<Map<string, unknown>> {
    const items = await this.batchGet([...new Set(keys)].map((k) => ({ pk: `STATE#${k}`, sk: 'STATE' })));
    const out = new Map<string, unknown>();
    for (const it of items) out.set(String(it.pk).slice('STATE#'.length), JSON.parse(String(it.data)));
    return out;
  }

  async putStates(entries: ReadonlyMap<string, unknown>): Promise<void> {
    await this.batchPut([...entries].map(([k, v]) => ({ pk: `STATE#${k}`, sk: 'STATE', data: JSON.stringify(v) })));
  }

  // ---- batching helpers -------------------------------------------------------------------

  private async batchGet(keys: Array<Record<string, string>>): Promise<Item[]> {
    const out: Item[] = [];
    for (const chunk of chunks(keys, 100)) {
      let pending: Array<Record<string, unknown>> | undefined = chunk;
      for (let attempt = 0; pending && pending.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const r = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }));
        out.push(...((r.Responses?.[this.table] ?? []) as Item[]));
        pending = r.UnprocessedKeys?.[this.table]?.Keys as Array<Record<string, unknown>> | undefined;
        if (attempt > 8 && pending?.length) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after retries`);
      }
    }
    return out;
  }

  private async batchPut(items: Item[]): Promise<void> {
    // BatchWriteItem rejects a batch naming one key twice: the last write of a key wins.
    const unique = [...new Map(items.map((it) => [`${String(it.pk)}\u0000${String(it.sk)}`, it])).values()];
    for (const chunk of chunks(unique, 25)) {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const r = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = (r.UnprocessedItems?.[this.table] ?? []) as typeof pending;
        if (attempt > 8 && pending.length) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
      }
    }
  }
}
