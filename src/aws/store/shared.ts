/**
 * What every port of the DynamoDB store shares: the document client and table, retention,
 * key helpers, page tokens, and paging (lib-dynamodb's Query paginator, batched reads and
 * writes with retries of unprocessed keys).
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../core';
import { NOTIFICATIONS_ATTRIBUTE } from './items';
import { TokenBucket, realTimer, type Timer } from '../throttle';

export const DAY = 86_400_000;

export type Item = Record<string, unknown>;

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
  /**
   * Per-series state writes per second this process may make: its share of the table's write
   * budget, so the analyzers together stay under what an on-demand table absorbs without
   * throttling (src/aws/pacing.ts). @default unpaced
   */
  readonly stateWritesPerSecond?: number;
  /** Time source of the write pacing. @default realTimer */
  readonly timer?: Timer;
}

/** The table and settings every port works with. */
export class StoreContext {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  readonly retentionMs: number;
  readonly cycleRetentionMs: number;
  readonly stateRetentionMs: number;
  readonly concurrency: number;
  /** Paces per-series state writes (absent: unpaced). */
  readonly stateWrites?: TokenBucket;

  constructor(options: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    this.table = options.tableName;
    this.retentionMs = (options.retentionDays ?? 90) * DAY;
    this.cycleRetentionMs = (options.cycleRetentionDays ?? 7) * DAY;
    this.stateRetentionMs = (options.stateRetentionDays ?? 30) * DAY;
    this.concurrency = Math.max(1, options.writeConcurrency ?? 16);
    if (options.stateWritesPerSecond) {
      // A second's worth of burst: a shard's writes spread over its share of the budget.
      this.stateWrites = new TokenBucket({ ratePerSecond: options.stateWritesPerSecond, burst: options.stateWritesPerSecond, timer: options.timer ?? realTimer });
    }
  }

  /** The TTL (epoch seconds) of an item written at `fromMs`. */
  expiry(fromMs: number, retentionMs = this.retentionMs): number {
    return Math.floor((fromMs + retentionMs) / 1000);
  }

  /** Every item a Query matches, page after page (lib-dynamodb's paginator). */
  async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    const out: Item[] = [];
    for await (const page of paginateQuery({ client: this.doc }, { ...input, TableName: this.table })) {
      for (const it of page.Items ?? []) out.push(it);
    }
    return out;
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys with backoff. */
  async batchGet(keys: Array<Record<string, string>>): Promise<Item[]> {
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

  /** BatchWriteItem puts in chunks of 25, retrying unprocessed items with backoff. */
  async batchPut(items: Item[]): Promise<void> {
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

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** An item without its key, index and bookkeeping attributes: the domain object. */
export function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, expiresAt: _e, [NOTIFICATIONS_ATTRIBUTE]: _n, ...rest } = item;
  return rest;
}

export function isConditionFailure(err: unknown): boolean {
  return err instanceof ConditionalCheckFailedException || (err as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** Runs `fn` over `list` with at most `limit` calls in flight. */
export async function mapLimit<T, R>(list: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
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

export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A sort key of an index: `<13-digit time>#<id>`. */
export const TIME_ID = /^\d{13}#.+$/;

export function encodeToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/**
 * The start key a page token stands for. Tokens are the base64url JSON of a key this store
 * issued; a token is accepted only when it is exactly such an encoding (canonical), of an
 * object with the index's four key attributes, each a short string, that `expected` accepts
 * (the right item type and the query's own partition). Anything else is a 400 naming nextToken,
 * never a request to DynamoDB.
 */
export function decodeToken(token: string | undefined, keyNames: readonly string[], expected: (key: Record<string, string>) => boolean): Record<string, string> | undefined {
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
