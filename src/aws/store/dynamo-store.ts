/**
 * The DynamoDB store: implements InsightStore, StateStore, ConfigStore, CycleStore,
 * NotificationOutbox and DeliveryLedger on one table (layout and access patterns in table.ts
 * and docs/aws.md "Store"). Used unchanged in AWS and locally on the embedded engine. Every
 * request path is a Query, GetItem or BatchGetItem (never a Scan); every write is idempotent
 * or conditional.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
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
  loadAllInsights,
  AnomalySchema,
  ConflictError,
  EventSchema,
  FeedbackSchema,
  InsightSchema,
  ValidationError,
  collectionKey,
  type Anomaly,
  type ConfigStore,
  type CycleRecord,
  type CycleStore,
  type DeliveryLedger,
  type Feedback,
  type Insight,
  type InsightNotification,
  type InsightQuery,
  type InsightStore,
  type NotificationOutbox,
  type OpsEvent,
  type Page,
  type ResourceCollection,
  type StateStore,
} from '../../core';
import { NOTIFICATIONS_ATTRIBUTE } from './items';
import { TABLE, padTime } from './table';

const DAY = 86_400_000;

/** DynamoDB's item limit is 400 KB; refuse well before it. */
export const MAX_STATE_BYTES = 350_000;

export interface DynamoStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days closed insights, anomalies and events are kept before TTL deletes them. @default 90 */
  readonly retentionDays?: number;
  /** Days cycle bookkeeping (cycle records, pending anomalies) is kept. @default 7 */
  readonly cycleRetentionDays?: number;
  /** Days a series state survives without being rewritten (series left the coverage). @default 30 */
  readonly stateRetentionDays?: number;
  /** Parallel conditional writes (per-series states). @default 16 */
  readonly writeConcurrency?: number;
}

type Item = Record<string, unknown>;

interface InsightUpdate {
  readonly TableName: string;
  readonly Key: Item;
  readonly UpdateExpression: string;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Item;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, expiresAt: _e, [NOTIFICATIONS_ATTRIBUTE]: _n, ...rest } = item;
  return rest;
}

function encodeToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/**
 * The start key a page token stands for. Tokens are the base64url JSON of a key this store
 * issued; a token is accepted only when it is exactly such an encoding (canonical), of an
 * object with the index's four key attributes, each a short string, that `expected` accepts
 * (the right item type and the query's own partition). Anything else is a 400 naming nextToken,
 * never a request to DynamoDB.
 */
function decodeToken(token: string | undefined, keyNames: readonly string[], expected: (key: Record<string, string>) => boolean): Record<string, string> | undefined {
  if (token === undefined) return undefined;
  const invalid = (cause?: unknown) => new ValidationError('Invalid query: nextToken: not a token this API issued for this query', 'nextToken', cause ? { cause } : undefined);
  if (token.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalid(cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const key = parsed as Record<string, unknown>;
  const names = Object.keys(key);
  if (names.length !== keyNames.length || !keyNames.every((n) => typeof key[n] === 'string' && (key[n] as string).length > 0 && (key[n] as string).length <= 1024)) throw invalid();
  if (encodeToken(key) !== token || !expected(key as Record<string, string>)) throw invalid();
  return key as Record<string, string>;
}

/** A sort key of an index: `<13-digit time>#<id>`. */
const TIME_ID = /^\d{13}#.+$/;

function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** Runs `fn` over `list` with at most `limit` calls in flight. */
async function mapLimit<T, R>(list: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return out;
}

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

export class DynamoStore implements InsightStore, StateStore, ConfigStore, CycleStore, NotificationOutbox, DeliveryLedger {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly retentionMs: number;
  private readonly cycleRetentionMs: number;
  private readonly stateRetentionMs: number;
  private readonly concurrency: number;

  constructor(options: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    this.table = options.tableName;
    this.retentionMs = (options.retentionDays ?? 90) * DAY;
    this.cycleRetentionMs = (options.cycleRetentionDays ?? 7) * DAY;
    this.stateRetentionMs = (options.stateRetentionDays ?? 30) * DAY;
    this.concurrency = Math.max(1, options.writeConcurrency ?? 16);
  }

  private expiry(fromMs: number, retentionMs = this.retentionMs): number {
    return Math.floor((fromMs + retentionMs) / 1000);
  }

  // ---- insights ---------------------------------------------------------------------------

  async getInsight(id: string): Promise<Insight | undefined> {
    const r = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `INSIGHT#${id}`, sk: 'INSIGHT' } }));
    return r.Item ? InsightSchema.parse(strip(r.Item)) : undefined;
  }

  async listOngoingInsights(): Promise<Insight[]> {
    return loadAllInsights(this, { status: 'ONGOING' });
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
    const pk = values[':pk'];
    let startKey: Record<string, unknown> | undefined = decodeToken(
      query.nextToken,
      ['pk', 'sk', index.partitionKey, index.sortKey],
      (k) => k.pk!.startsWith('INSIGHT#') && k.sk === 'INSIGHT' && k[index.partitionKey] === pk && TIME_ID.test(k[index.sortKey]!),
    );
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
    if (parsed.status === 'CLOSED') attrs.expiresAt = this.expiry(parsed.timeRange.end ?? parsed.updatedAt);
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
      TableName: this.table,
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

  private async rememberCollection(collection: ResourceCollection): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: 'COLLECTIONS', sk: collectionKey(collection), collection } }));
  }

  async saveInsight(insight: Insight): Promise<void> {
    await this.saveInsightWithNotifications(insight, []);
  }

  /**
   * Saves the insight and records the notifications of this change on the insight item, in
   * the same conditional UpdateItem: the item is its own outbox. The table's stream then
   * carries the new version with its notifications to the notifier, exactly when the change
   * was stored. (One item write is atomic; no transaction is needed.)
   */
  async saveInsightWithNotifications(insight: Insight, notifications: readonly InsightNotification[]): Promise<void> {
    try {
      await this.doc.send(new UpdateCommand(this.insightUpdate(insight, notifications)));
    } catch (err) {
      if (isConditionFailure(err)) throw this.conflict(insight, err);
      throw err;
    }
    await this.rememberCollection(insight.collection);
  }

  /** Keeps the OpsItem created for an insight on it, without changing its version. */
  async setOpsItemId(insightId: string, opsItemId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `INSIGHT#${insightId}`, sk: 'INSIGHT' },
          UpdateExpression: 'SET opsItemId = :o',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':o': opsItemId },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new ValidationError(`No insight with id ${insightId}`, 'insightId', { cause: err });
      throw err;
    }
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

  // ---- feedback ---------------------------------------------------------------------------

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
      if (isConditionFailure(err)) {
        throw new ValidationError(`No insight with id ${feedback.insightId}`, 'insightId', { cause: err });
      }
      throw err;
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: `INSIGHT#${feedback.insightId}`, sk: `FEEDBACK#${padTime(feedback.at)}`, ...feedback, expiresAt: this.expiry(feedback.at) },
      }),
    );
  }

  async listFeedback(insightId: string): Promise<Feedback[]> {
    const out: Feedback[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
          ExpressionAttributeValues: { ':pk': `INSIGHT#${insightId}`, ':f': 'FEEDBACK#' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const it of r.Items ?? []) out.push(FeedbackSchema.parse(strip(it)));
      startKey = r.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  // ---- anomalies --------------------------------------------------------------------------

  private anomalyItem(a: Anomaly): Item {
    const parsed = AnomalySchema.parse(a);
    const item: Item = { pk: `ANOMALY#${a.id}`, sk: 'ANOMALY', ...parsed };
    if (parsed.insightId) {
      item.gsi1pk = `INSIGHT#${parsed.insightId}`;
      item.gsi1sk = `${padTime(parsed.timeRange.start)}#${parsed.id}`;
    }
    if (parsed.status === 'CLOSED') item.expiresAt = this.expiry(parsed.timeRange.end ?? parsed.lastAnomalousAt);
    return item;
  }

  async putAnomalies(anomalies: readonly Anomaly[]): Promise<void> {
    await this.batchPut(anomalies.map((a) => this.anomalyItem(a)));
  }

  async getAnomalies(ids: readonly string[]): Promise<Anomaly[]> {
    const items = await this.batchGet([...new Set(ids)].map((id) => ({ pk: `ANOMALY#${id}`, sk: 'ANOMALY' })));
    return items.map((it) => AnomalySchema.parse(strip(it))).sort((a, b) => a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id));
  }

  async listAnomaliesForInsight(insightId: string, page: { readonly limit?: number; readonly nextToken?: string } = {}): Promise<Page<Anomaly>> {
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 500);
    const r = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: TABLE.gsi1.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': `INSIGHT#${insightId}` },
        ScanIndexForward: true,
        Limit: limit,
        ExclusiveStartKey: decodeToken(
          page.nextToken,
          ['pk', 'sk', TABLE.gsi1.partitionKey, TABLE.gsi1.sortKey],
          (k) => k.pk!.startsWith('ANOMALY#') && k.sk === 'ANOMALY' && k[TABLE.gsi1.partitionKey] === `INSIGHT#${insightId}` && TIME_ID.test(k[TABLE.gsi1.sortKey]!),
        ),
      }),
    );
    return { items: (r.Items ?? []).map((it) => AnomalySchema.parse(strip(it))), nextToken: encodeToken(r.LastEvaluatedKey) };
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

  // ---- configuration documents (pk CONFIG, sk <name>) --------------------------------------

  async getConfig(name: string): Promise<{ value: unknown; updatedAt: number } | undefined> {
    const r = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: 'CONFIG', sk: name } }));
    if (!r.Item) return undefined;
    return { value: JSON.parse(String(r.Item.data)), updatedAt: Number(r.Item.updatedAt) };
  }

  async putConfig(name: string, value: unknown, updatedAt: number): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { pk: 'CONFIG', sk: name, data: JSON.stringify(value), updatedAt } }));
  }

  // ---- detector state (one item per series, each a few KB) ----------------------------------

  /**
   * A state as stored: its JSON, deflated. DynamoDB bills writes per KB, and a detector state
   * (about 1.6 KB of JSON) deflates to about half, so each series' write costs one unit, not two.
   */
  private stateData(key: string, value: unknown): Uint8Array {
    const data = Buffer.from(JSON.stringify(value), 'utf8');
    const packed = deflateRawSync(data);
    if (packed.byteLength > MAX_STATE_BYTES) {
      throw new ValidationError(`State of ${key} is ${packed.byteLength} bytes deflated, above the ${MAX_STATE_BYTES}-byte limit`, 'state');
    }
    return new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength);
  }

  /** Reads a stored state: deflated JSON (`z`), or plain JSON (`data`) as written before. */
  private stateValue(item: Item): unknown {
    const z = item.z;
    if (z instanceof Uint8Array) return JSON.parse(inflateRawSync(z).toString('utf8'));
    return JSON.parse(String(item.data));
  }

  async getStates(keys: readonly string[]): Promise<Map<string, unknown>> {
    const items = await this.batchGet([...new Set(keys)].map((k) => ({ pk: `STATE#${k}`, sk: 'STATE' })));
    const out = new Map<string, unknown>();
    for (const it of items) out.set(String(it.pk).slice('STATE#'.length), this.stateValue(it));
    return out;
  }

  async putStates(entries: ReadonlyMap<string, unknown>): Promise<void> {
    await this.batchPut([...entries].map(([k, v]) => ({ pk: `STATE#${k}`, sk: 'STATE', z: this.stateData(k, v) })));
  }

  async putStatesForCycle(entries: ReadonlyMap<string, unknown>, cycleNow: number): Promise<string[]> {
    const skipped: string[] = [];
    await mapLimit([...entries], this.concurrency, async ([k, v]) => {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: `STATE#${k}`, sk: 'STATE', z: this.stateData(k, v), cycleNow, expiresAt: this.expiry(cycleNow, this.stateRetentionMs) },
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
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `CYCLE#${record.cycleId}`,
            sk: 'CYCLE',
            cycleId: record.cycleId,
            now: record.now,
            previousEnd: record.previousEnd,
            shards: record.shards,
            expiresAt: this.expiry(record.now, this.cycleRetentionMs),
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
    const r = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `CYCLE#${cycleId}`, sk: 'CYCLE' }, ConsistentRead: true }));
    return r.Item ? toCycleRecord(r.Item) : undefined;
  }

  async putPendingAnomalies(cycleId: string, anomalies: readonly Anomaly[]): Promise<void> {
    const items = anomalies.map((a) => {
      const parsed = AnomalySchema.parse(a);
      return { pk: `CYCLE#${cycleId}`, sk: `ANOMALY#${parsed.id}`, anomaly: parsed, expiresAt: this.expiry(parsed.reportedAt, this.cycleRetentionMs) };
    });
    await this.batchPut(items);
  }

  async listPendingAnomalies(cycleId: string): Promise<Anomaly[]> {
    const out: Anomaly[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
          ExpressionAttributeValues: { ':pk': `CYCLE#${cycleId}`, ':a': 'ANOMALY#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const it of r.Items ?? []) out.push(AnomalySchema.parse(it.anomaly));
      startKey = r.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  async completeShard(cycleId: string, shard: number): Promise<CycleRecord> {
    try {
      const r = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
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
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
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

  // ---- delivery ledger (pk DELIVERY#<notificationId>, sk <target>) -------------------------

  async claim(id: string, target: string, now: number, leaseMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `DELIVERY#${id}`, sk: target },
          UpdateExpression: 'SET leaseUntil = :until, attempts = if_not_exists(attempts, :zero) + :one, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(deliveredAt) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
          ExpressionAttributeValues: { ':until': now + leaseMs, ':now': now, ':zero': 0, ':one': 1, ':exp': this.expiry(now, 30 * DAY) },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async markDelivered(id: string, target: string, now: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `DELIVERY#${id}`, sk: target },
        UpdateExpression: 'SET deliveredAt = :now REMOVE leaseUntil',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
  }

  async release(id: string, target: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
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
    const r = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: `DELIVERY#${id}`, sk: target }, ConsistentRead: true }));
    if (!r.Item) return undefined;
    return { attempts: Number(r.Item.attempts ?? 0), ...(r.Item.deliveredAt !== undefined ? { deliveredAt: Number(r.Item.deliveredAt) } : {}) };
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
