/**
 * InsightStore on DynamoDB: insights (saved through the outbox, so every save is the same
 * conditional write), feedback, anomalies, change events and the collections seen.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  AnomalySchema,
  EventSchema,
  FeedbackSchema,
  InsightSchema,
  ValidationError,
  collectionKey,
  loadAllInsights,
  type Anomaly,
  type Feedback,
  type Insight,
  type InsightQuery,
  type InsightStore,
  type InsightSummaries,
  type CollectionSummary,
  type InsightDigest,
  type OpsEvent,
  type Page,
  type ResourceCollection,
} from '../../core';
import { REVISION_KEY, bumpRevision, type DynamoNotificationOutbox } from './notification-outbox';
import { DIGEST_PREFIX, decodeDigest, encodeDigest, type StoredDigest } from './items';
import { DAY, TIME_ID, chunks, dayKey, decodeToken, encodeToken, isConditionFailure, mapLimit, strip, type Item, type StoreContext } from './shared';
import { TABLE, padTime } from './table';

/** Days of events read at once. */
const EVENT_DAY_CONCURRENCY = 8;

/** Present once every stored insight has its digest on its collection's item. */
const SUMMARY_MARKER = { pk: 'SUMMARY', sk: 'DIGESTS' };

export class DynamoInsightStore implements InsightStore, InsightSummaries {
  constructor(
    private readonly ctx: StoreContext,
    private readonly outbox: DynamoNotificationOutbox,
  ) {}

  // ---- insights ---------------------------------------------------------------------------

  async getInsight(id: string): Promise<Insight | undefined> {
    const r = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.table, Key: { pk: `INSIGHT#${id}`, sk: 'INSIGHT' } }));
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
    if (query.to !== undefined || query.startFrom !== undefined) {
      names['#sk'] = index.sortKey;
      values[':to'] = `${padTime(query.to ?? Number.MAX_SAFE_INTEGER)}#\uffff`;
      if (query.startFrom !== undefined) {
        keyCondition += ' AND #sk BETWEEN :startFrom AND :to';
        values[':startFrom'] = padTime(query.startFrom);
      } else {
        keyCondition += ' AND #sk <= :to';
      }
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
    if (query.accountId !== undefined) {
      filters.push(query.accountId === null ? 'attribute_not_exists(#acct)' : '#acct = :acct');
      names['#acct'] = 'accountId';
      if (query.accountId !== null) values[':acct'] = query.accountId;
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
        TableName: this.ctx.table,
        IndexName: index.name,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: limit - items.length,
        ExclusiveStartKey: startKey,
      };
      if (filters.length) input.FilterExpression = filters.join(' AND ');
      const r = await this.ctx.doc.send(new QueryCommand(input));
      for (const it of r.Items ?? []) items.push(InsightSchema.parse(strip(it)));
      startKey = r.LastEvaluatedKey;
      if (!startKey || items.length >= limit) break;
    }
    return { items, nextToken: encodeToken(startKey) };
  }

  async saveInsight(insight: Insight): Promise<void> {
    await this.outbox.saveInsightWithNotifications(insight, []);
  }

  /** Keeps the OpsItem created for an insight on it, without changing its version. */
  async setOpsItemId(insightId: string, opsItemId: string): Promise<void> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
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
    const items = await this.ctx.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'COLLECTIONS' } });
    return items.map((it) => it.collection as ResourceCollection);
  }

  // ---- feedback ---------------------------------------------------------------------------

  async putFeedback(feedback: Feedback): Promise<void> {
    try {
      await this.ctx.doc.send(
        new UpdateCommand({
          TableName: this.ctx.table,
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
    await this.ctx.doc.send(
      new PutCommand({
        TableName: this.ctx.table,
        Item: { pk: `INSIGHT#${feedback.insightId}`, sk: `FEEDBACK#${padTime(feedback.at)}`, ...feedback, expiresAt: this.ctx.expiry(feedback.at) },
      }),
    );
  }

  async listFeedback(insightId: string): Promise<Feedback[]> {
    const items = await this.ctx.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
      ExpressionAttributeValues: { ':pk': `INSIGHT#${insightId}`, ':f': 'FEEDBACK#' },
    });
    return items.map((it) => FeedbackSchema.parse(strip(it)));
  }

  // ---- anomalies --------------------------------------------------------------------------

  private anomalyItem(a: Anomaly): Item {
    const parsed = AnomalySchema.parse(a);
    const item: Item = { pk: `ANOMALY#${a.id}`, sk: 'ANOMALY', ...parsed };
    if (parsed.insightId) {
      item.gsi1pk = `INSIGHT#${parsed.insightId}`;
      item.gsi1sk = `${padTime(parsed.timeRange.start)}#${parsed.id}`;
    }
    if (parsed.status === 'CLOSED') item.expiresAt = this.ctx.expiry(parsed.timeRange.end ?? parsed.lastAnomalousAt);
    return item;
  }

  async putAnomalies(anomalies: readonly Anomaly[]): Promise<void> {
    await this.ctx.batchPut(anomalies.map((a) => this.anomalyItem(a)));
  }

  async getAnomalies(ids: readonly string[]): Promise<Anomaly[]> {
    const items = await this.ctx.batchGet([...new Set(ids)].map((id) => ({ pk: `ANOMALY#${id}`, sk: 'ANOMALY' })));
    return items.map((it) => AnomalySchema.parse(strip(it))).sort((a, b) => a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id));
  }

  async listAnomaliesForInsight(insightId: string, page: { readonly limit?: number; readonly nextToken?: string } = {}): Promise<Page<Anomaly>> {
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 500);
    const r = await this.ctx.doc.send(
      new QueryCommand({
        TableName: this.ctx.table,
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
      return { pk: `EVENTS#${dayKey(parsed.time)}`, sk: `${padTime(parsed.time)}#${parsed.id}`, ...parsed, expiresAt: this.ctx.expiry(parsed.time) };
    });
    await this.ctx.batchPut(items);
    await bumpRevision(this.ctx);
  }

  async listEvents(start: number, end: number): Promise<OpsEvent[]> {
    const days: number[] = [];
    for (let day = Math.floor(start / DAY) * DAY; day <= end; day += DAY) days.push(day);
    const perDay = await mapLimit(days, EVENT_DAY_CONCURRENCY, (day) =>
      this.ctx.queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': `EVENTS#${dayKey(day)}`, ':a': padTime(start), ':b': `${padTime(end)}#\uffff` },
      }),
    );
    return perDay.flat().map((it) => EventSchema.parse(strip(it)));
  }

  // ---- summaries (the digests on each collection's item) -------------------------------------

  async revision(): Promise<number> {
    const r = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.table, Key: REVISION_KEY }));
    return Number(r.Item?.rev ?? 0);
  }

  /**
   * Every known collection with the digests of its insights. The open ones are checked against
   * the status index (an insight whose digest missed its last save is read and its digest
   * rewritten), closed ones past retention are dropped (and removed from the item). Stores
   * written before digests existed are summarised once, from every insight.
   */
  async listCollectionSummaries(now: number): Promise<CollectionSummary[]> {
    const marker = await this.ctx.doc.send(new GetCommand({ TableName: this.ctx.table, Key: SUMMARY_MARKER }));
    if (!marker.Item) {
      for (const insight of await loadAllInsights(this)) await this.outbox.rememberCollection(insight.collection, insight);
      await this.ctx.doc.send(new PutCommand({ TableName: this.ctx.table, Item: { ...SUMMARY_MARKER, at: now } }));
    }
    const [items, open] = await Promise.all([
      this.ctx.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'COLLECTIONS' } }),
      loadAllInsights(this, { status: 'ONGOING' }),
    ]);
    const openById = new Map(open.map((i) => [i.id, i]));
    const summaries = new Map<string, { collection: ResourceCollection; insights: Map<string, InsightDigest> }>();
    const entry = (c: ResourceCollection) => {
      const k = collectionKey(c);
      const e = summaries.get(k) ?? { collection: c, insights: new Map<string, InsightDigest>() };
      summaries.set(k, e);
      return e;
    };
    const stale: Array<{ id: string; sk: string }> = [];
    for (const it of items) {
      const e = entry(it.collection as ResourceCollection);
      const expired: string[] = [];
      for (const [name, value] of Object.entries(it)) {
        if (!name.startsWith(DIGEST_PREFIX)) continue;
        const d = decodeDigest(name.slice(DIGEST_PREFIX.length), value as StoredDigest);
        if (d.status === 'CLOSED' && (d.timeRange.end ?? d.timeRange.start) + this.ctx.retentionMs < now) expired.push(name);
        else if (d.status === 'ONGOING' && !openById.has(d.id)) stale.push({ id: d.id, sk: String(it.sk) });
        else e.insights.set(d.id, d);
      }
      if (expired.length) await this.forget(String(it.sk), expired);
    }
    // The index is the truth about what is open; digests that disagree are repaired.
    const reread = await this.getInsights(stale.map((x) => x.id));
    const gone = stale.filter((x) => !reread.some((i) => i.id === x.id));
    for (const x of gone) await this.forget(x.sk, [`${DIGEST_PREFIX}${x.id}`]);
    const repaired = [...open.filter((i) => summaries.get(collectionKey(i.collection))?.insights.get(i.id)?.version !== i.version), ...reread];
    for (const insight of repaired) {
      await this.outbox.rememberCollection(insight.collection, insight);
      entry(insight.collection).insights.set(insight.id, decodeDigest(insight.id, encodeDigest(insight)));
    }
    return [...summaries.values()].map((e) => ({ collection: e.collection, insights: [...e.insights.values()] }));
  }

  private async getInsights(ids: readonly string[]): Promise<Insight[]> {
    const items = await this.ctx.batchGet(ids.map((id) => ({ pk: `INSIGHT#${id}`, sk: 'INSIGHT' })));
    return items.map((it) => InsightSchema.parse(strip(it)));
  }

  /** Removes digests of insights past retention from a collection's item, 100 at a time. */
  private async forget(sk: string, names: readonly string[]): Promise<void> {
    for (const chunk of chunks(names, 100)) {
      const attrs = Object.fromEntries(chunk.map((n, i) => [`#d${i}`, n]));
      await this.ctx.doc.send(new UpdateCommand({ TableName: this.ctx.table, Key: { pk: 'COLLECTIONS', sk }, UpdateExpression: `REMOVE ${Object.keys(attrs).join(', ')}`, ExpressionAttributeNames: attrs }));
    }
  }
}
