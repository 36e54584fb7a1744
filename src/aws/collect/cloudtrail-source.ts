/**
 * EventSource over CloudTrail LookupEvents: management write events (`ReadOnly=false`, the one
 * lookup attribute a call may carry), at most 50 per page with NextToken, under a token bucket
 * that keeps this process at or below the 2 TPS per account and region quota. Records are
 * normalised by the pure `fromCloudTrailRecord` (src/core/events).
 */
import { LookupEventsCommand, type CloudTrailClient, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { UpstreamError, type EventSource, type OpsEvent, type Resource } from '../../core';
import { fromCloudTrailRecord } from '../../core/events';
import { AWS_QUOTAS, TokenBucket, realTimer, type Timer } from '../throttle';

/** LookupEvents returns at most 50 events per page. */
export const LOOKUP_EVENTS_PAGE_SIZE = 50;

export interface CloudTrailSourceOptions {
  readonly timer?: Timer;
  /** Calls per second. @default 2 (the account quota) */
  readonly tps?: number;
  /** A shared bucket (e.g. one per account for several sources); overrides `tps`. */
  readonly bucket?: TokenBucket;
  /** Pages read per fetch at most (50 events each); the rest is left for a later look. @default 100 */
  readonly maxPages?: number;
  readonly onTruncated?: (info: { start: number; end: number; pages: number }) => void;
}

export interface EventSourceStats {
  calls: number;
  events: number;
}

export class CloudTrailEventSource implements EventSource {
  readonly stats: EventSourceStats = { calls: 0, events: 0 };
  private readonly bucket: TokenBucket;
  private readonly timer: Timer;

  constructor(
    private readonly client: CloudTrailClient,
    private readonly options: CloudTrailSourceOptions = {},
  ) {
    this.timer = options.timer ?? realTimer;
    this.bucket = options.bucket ?? new TokenBucket({ ratePerSecond: options.tps ?? AWS_QUOTAS.lookupEventsTps, burst: 1, timer: this.timer });
  }

  async fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]> {
    if (!(end > start)) return [];
    const stackOf = new Map<string, string>();
    for (const r of resources) if (r.stack) stackOf.set(r.name, r.stack);
    const out = new Map<string, OpsEvent>();
    const maxPages = this.options.maxPages ?? 100;
    let token: string | undefined;
    let pages = 0;
    const seen = new Set<string>();
    do {
      await this.bucket.take();
      const page: LookupEventsCommandOutput = await this.client.send(
        new LookupEventsCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
          MaxResults: LOOKUP_EVENTS_PAGE_SIZE,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      this.stats.calls++;
      pages++;
      if (page.Events !== undefined && !Array.isArray(page.Events)) throw new UpstreamError('LookupEvents returned Events that is not a list');
      for (const e of page.Events ?? []) {
        const ev = fromCloudTrailRecord(e, { stackOf: (name) => stackOf.get(name) });
        if (ev && ev.time >= start && ev.time < end) out.set(ev.id, ev);
      }
      token = page.NextToken || undefined;
      if (token && seen.has(token)) throw new UpstreamError('LookupEvents returned the same NextToken twice');
      if (token) seen.add(token);
      if (token && pages >= maxPages) {
        this.options.onTruncated?.({ start, end, pages });
        break;
      }
    } while (token);
    this.stats.events += out.size;
    return [...out.values()].sort((a, b) => a.time - b.time);
  }
}
