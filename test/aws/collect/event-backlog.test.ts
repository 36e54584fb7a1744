/**
 * CloudTrail reading continues across cycles: a window holding more than one read's page
 * budget (100 pages, 5,000 events) is read in full over the next cycles from the stored
 * backlog, on dynalite through the real store; only what CloudTrail can no longer return
 * (older than 90 days) or what exceeds the backlog's size is given up, and that is reported.
 */
import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudTrailEventSource, CombinedEventSource } from '../../../src/aws/collect';
import { DynamoStore } from '../../../src/aws/store';
import { VirtualTimer } from '../../../src/aws/throttle';
import { EVENT_LOOKBACK_MS, EVENTS_STATE_KEY, MAX_UNREAD_WINDOWS, collectEvents, loadEventBacklog, mergeWindows, type EventSource, type OpsEvent } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';

const ct = mockClient(CloudTrailClient);
const T0 = Date.UTC(2026, 0, 10, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `n` write events spread over `[start, end)`, served newest first, 50 a page, like LookupEvents. */
function serveCloudTrail(start: number, end: number, n: number, prefix = 'ev'): { calls: number } {
  const step = (end - start) / n;
  const all = Array.from({ length: n }, (_, i) => ({
    EventId: `${prefix}-${i}`,
    EventTime: new Date(Math.floor(start + i * step)),
    EventSource: 'lambda.amazonaws.com',
    EventName: 'UpdateFunctionCode20150331v2',
    ReadOnly: 'false',
    Username: 'deployer',
    Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'checkout' }],
  }));
  const counter = { calls: 0 };
  ct.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
    counter.calls++;
    const a = input.StartTime!.getTime();
    const b = input.EndTime!.getTime();
    const list = all.filter((e) => e.EventTime.getTime() >= a && e.EventTime.getTime() < b).sort((x, y) => y.EventTime.getTime() - x.EventTime.getTime());
    const offset = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? 50;
    return { Events: list.slice(offset, offset + size), NextToken: offset + size < list.length ? String(offset + size) : undefined };
  });
  return counter;
}

describe('change events across cycles', () => {
  let emb: EmbeddedStore;
  let store: DynamoStore;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
  });
  afterAll(async () => {
    ct.restore();
    await emb.close();
  });
  beforeEach(() => {
    ct.reset();
    store = new DynamoStore({ client: emb.client, tableName: emb.tableName });
  });

  it('reads a 3-day first window of 6,000 events (over 100 pages) in full over two cycles, oldest part last', async () => {
    const first = { previousEnd: T0 - 3 * DAY, now: T0 };
    serveCloudTrail(first.previousEnd, first.now, 6_000);
    const truncations: unknown[] = [];
    const source = new CloudTrailEventSource(new CloudTrailClient({ region: 'eu-west-1' }), { timer: new VirtualTimer(T0), onTruncated: (i) => truncations.push(i) });
    const ports = { events: source, insights: store, state: store };

    const c1 = await collectEvents(ports, { ...first, resources: [] });
    expect(c1.events).toBe(5_000);
    expect(c1.unread).toHaveLength(1);
    expect(c1.dropped).toEqual([]);
    expect(truncations).toHaveLength(1);
    // The next cycle reads its own (empty) window and then the backlog.
    const c2 = await collectEvents(ports, { previousEnd: T0, now: T0 + HOUR, resources: [] });
    // 1,000 more, plus the second of the oldest event already read (read again, stored once).
    expect(c2.events).toBe(1_001);
    expect(c2.unread).toEqual([]);
    const stored = await store.listEvents(first.previousEnd, first.now);
    expect(new Set(stored.map((e) => e.id)).size).toBe(6_000);
    expect(await loadEventBacklog(store)).toMatchObject({ unread: [], dropped: { windows: 0, ms: 0 } });
    // Nothing left: the next cycle reads only its window.
    const c3 = await collectEvents(ports, { previousEnd: T0 + HOUR, now: T0 + 2 * HOUR, resources: [] });
    expect(c3).toEqual({ events: 0, unread: [], dropped: [] });
  });

  it('keeps the backlog through the combined source and a retried cycle', async () => {
    const w = { previousEnd: T0 - DAY, now: T0 };
    serveCloudTrail(w.previousEnd, w.now, 120, 'combined');
    const cloudtrail = new CloudTrailEventSource(new CloudTrailClient({ region: 'eu-west-1' }), { timer: new VirtualTimer(T0), maxPages: 1 });
    const ports = { events: new CombinedEventSource([cloudtrail]), insights: store, state: store };
    await collectEvents(ports, { ...w, resources: [] });
    // The same cycle again (a retry): its unread part is not stored twice.
    await collectEvents(ports, { ...w, resources: [] });
    const backlog = await loadEventBacklog(store);
    expect(backlog.unread).toHaveLength(1);
    for (let i = 0; i < 3; i++) await collectEvents(ports, { previousEnd: T0 + i * HOUR, now: T0 + (i + 1) * HOUR, resources: [] });
    expect((await loadEventBacklog(store)).unread).toEqual([]);
    expect(new Set((await store.listEvents(w.previousEnd, w.now)).map((e) => e.id).filter((id) => id.startsWith('combined-'))).size).toBe(120);
  });

  it('gives up only what CloudTrail no longer keeps or what exceeds the backlog, and counts it', async () => {
    // A source that never finishes a window: every read leaves the whole window unread.
    const stubborn: EventSource = {
      fetch: async () => [] as OpsEvent[],
      read: async (start, end) => ({ events: [], unread: [{ start, end }] }),
    };
    const ports = { events: stubborn, insights: store, state: store };
    await store.putStates(new Map([[EVENTS_STATE_KEY, { version: 1, unread: [{ start: T0 - 100 * DAY, end: T0 - 80 * DAY }], dropped: { windows: 0, ms: 0 } }]]));
    const c = await collectEvents(ports, { previousEnd: T0 - HOUR, now: T0, resources: [] });
    const horizon = T0 - EVENT_LOOKBACK_MS;
    expect(c.dropped).toEqual([{ start: T0 - 100 * DAY, end: horizon }]);
    expect(c.unread).toEqual([
      { start: horizon, end: T0 - 80 * DAY },
      { start: T0 - HOUR, end: T0 },
    ]);
    const backlog = await loadEventBacklog(store);
    expect(backlog.dropped).toEqual({ windows: 1, ms: horizon - (T0 - 100 * DAY), lastAt: T0 });

    // More separate unread windows than the backlog keeps: the oldest are given up.
    const many = Array.from({ length: MAX_UNREAD_WINDOWS + 5 }, (_, i) => ({ start: T0 - (i + 2) * 2 * HOUR, end: T0 - (i + 2) * 2 * HOUR + HOUR }));
    await store.putStates(new Map([[EVENTS_STATE_KEY, { version: 1, unread: many, dropped: { windows: 0, ms: 0 } }]]));
    const capped = await collectEvents(ports, { previousEnd: T0, now: T0 + HOUR, resources: [] });
    expect(capped.unread).toHaveLength(MAX_UNREAD_WINDOWS);
    expect(capped.dropped.length).toBeGreaterThan(0);
    expect(Math.max(...capped.dropped.map((d) => d.end))).toBeLessThanOrEqual(Math.min(...capped.unread.map((u) => u.start)));
  });

  it('merges overlapping and touching windows', () => {
    expect(mergeWindows([{ start: 5, end: 9 }, { start: 0, end: 3 }, { start: 3, end: 6 }, { start: 20, end: 20 }, { start: 12, end: 15 }])).toEqual([
      { start: 0, end: 9 },
      { start: 12, end: 15 },
    ]);
  });
});
