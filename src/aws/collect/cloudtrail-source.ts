/**
 * EventSource over CloudTrail LookupEvents: management write events (`ReadOnly=false`, the one
 * lookup attribute a call may carry), 50 per page through the SDK's paginator, under a token
 * bucket that keeps this process at or below the 2 TPS per account and region quota. Records
 * are normalised by the pure `fromCloudTrailRecord` (src/core/events).
 *
 * A read stops after `maxPages` pages (a cycle's time is bounded). LookupEvents returns the
 * newest events first, so what is left is the window's oldest part, `[start, oldest seen]`:
 * `read` reports it as unread and the pipeline reads it in a later cycle (the event backlog,
 * src/core/pipeline/event-backlog.ts); nothing is dropped silently.
 */
import { paginateLookupEvents, type CloudTrailClient, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { UpstreamError, type EventRead, type EventSource, type OpsEvent, type Resource, type TimeWindow } from '../../core';
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
  /** Pages read per window at most (50 events each); the rest is reported unread. @default 100 */
  readonly maxPages?: number;
  /** Called when a read stops at `maxPages` with the part left unread. */
  readonly onTruncated?: (info: { start: number; end: number; pages: number; unread: TimeWindow }) => void;
}

export interface EventSourceStats {
  calls: number;
  events: number;
  /** Reads that stopped at the page budget. */
  truncated: number;
}

export class CloudTrailEventSource implements EventSource {
  readonly stats: EventSourceStats = { calls: 0, events: 0, truncated: 0 };
  private readonly bucket: TokenBucket;

  constructor(
    private readonly client: CloudTrailClient,
    private readonly options: CloudTrailSourceOptions = {},
  ) {
    const timer = options.timer ?? realTimer;
    this.bucket = options.bucket ?? new TokenBucket({ ratePerSecond: options.tps ?? AWS_QUOTAS.lookupEventsTps, burst: 1, timer });
  }

  /** The events of `[start, end)` that one read reaches (see `read` for what it leaves). */
  async fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]> {
    return (await this.read(start, end, resources)).events;
  }

  async read(start: number, end: number, resources: readonly Resource[]): Promise<EventRead> {
    if (!(end > start)) return { events: [], unread: [] };
    const stackOf = new Map<string, string>();
    for (const r of resources) if (r.stack) stackOf.set(r.name, r.stack);
    const out = new Map<string, OpsEvent>();
    const maxPages = this.options.maxPages ?? 100;
    const input: LookupEventsCommandInput = { StartTime: new Date(start), EndTime: new Date(end), LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] };
    let pages = 0;
    let oldest = end;
    let unread: TimeWindow | undefined;
    const seen = new Set<string>();
    // The paginator asks for the next page only when the loop goes on: pace each request first.
    await this.bucket.take();
    for await (const page of paginateLookupEvents({ client: this.client, pageSize: LOOKUP_EVENTS_PAGE_SIZE }, input)) {
      this.stats.calls++;
      pages++;
      if (page.Events !== undefined && !Array.isArray(page.Events)) throw new UpstreamError('LookupEvents returned Events that is not a list');
      for (const e of page.Events ?? []) {
        const t = e.EventTime?.getTime();
        if (t !== undefined && Number.isFinite(t)) oldest = Math.min(oldest, t);
        const ev = fromCloudTrailRecord(e, { stackOf: (name) => stackOf.get(name) });
        if (ev && ev.time >= start && ev.time < end) out.set(ev.id, ev);
      }
      const token = page.NextToken || undefined;
      if (!token) break;
      if (seen.has(token)) throw new UpstreamError('LookupEvents returned the same NextToken twice');
      seen.add(token);
      if (pages >= maxPages) {
        // Newest first: everything from the oldest event seen to the end was read. That
        // event's second is read again (ids keep it once).
        unread = { start, end: Math.min(end, Math.max(start, oldest) + 1_000) };
        this.stats.truncated++;
        this.options.onTruncated?.({ start, end, pages, unread });
        break;
      }
      await this.bucket.take();
    }
    this.stats.events += out.size;
    return { events: [...out.values()].sort((a, b) => a.time - b.time), unread: unread && unread.end > unread.start ? [unread] : [] };
  }
}
