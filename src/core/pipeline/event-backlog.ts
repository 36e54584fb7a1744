/**
 * Change events are read per cycle window, but a source may read only part of a window (the
 * CloudTrail source stops after a page budget). What it leaves unread is kept as a backlog of
 * time windows under one state key and read in later cycles, oldest first, so nothing is
 * dropped because a window held more events than one cycle may read. Only what can no longer
 * be read is given up — windows older than the source's lookback (CloudTrail keeps 90 days) or
 * beyond the backlog's size — and that is reported (`dropped`) for the caller to log, count and
 * expose.
 */
import type { Resource } from '../model';
import type { EventSource, InsightStore, StateStore, TimeWindow } from '../ports';

export const EVENTS_STATE_KEY = '__events__';
const DAY = 86_400_000;
/** How far back the sources can read (CloudTrail LookupEvents: 90 days). */
export const EVENT_LOOKBACK_MS = 90 * DAY;
/** Unread windows kept at most; beyond, the oldest are given up. */
export const MAX_UNREAD_WINDOWS = 200;
/** Backlog windows read per cycle, after the cycle's own window (bounds a cycle's reading time). */
export const BACKLOG_READS_PER_CYCLE = 1;

/** Stored under EVENTS_STATE_KEY. */
export interface EventBacklog {
  readonly version: 1;
  /** Windows not read yet, oldest first, disjoint. */
  readonly unread: TimeWindow[];
  /** Everything given up so far. */
  readonly dropped: { readonly windows: number; readonly ms: number; readonly lastAt?: number };
}

export interface EventCollection {
  /** Events read and stored in this cycle. */
  readonly events: number;
  /** Windows still unread after this cycle (read in later cycles). */
  readonly unread: readonly TimeWindow[];
  /** Windows given up in this cycle: their events are lost. */
  readonly dropped: readonly TimeWindow[];
}

export function isEventBacklog(x: unknown): x is EventBacklog {
  const b = x as EventBacklog | null;
  return typeof b === 'object' && b !== null && b.version === 1 && Array.isArray(b.unread) && typeof b.dropped === 'object' && b.dropped !== null;
}

export const EMPTY_BACKLOG: EventBacklog = { version: 1, unread: [], dropped: { windows: 0, ms: 0 } };

/** Sorted union of windows: overlapping or touching windows become one. O(n log n). */
export function mergeWindows(windows: readonly TimeWindow[]): TimeWindow[] {
  const sorted = windows.filter((w) => w.end > w.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TimeWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && w.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, w.end) };
    else out.push({ start: w.start, end: w.end });
  }
  return out;
}

/** Splits windows at `horizon`: what lies before it is dropped, the rest kept. */
function clip(windows: readonly TimeWindow[], horizon: number): { kept: TimeWindow[]; dropped: TimeWindow[] } {
  const kept: TimeWindow[] = [];
  const dropped: TimeWindow[] = [];
  for (const w of windows) {
    if (w.end <= horizon) dropped.push(w);
    else if (w.start < horizon) {
      dropped.push({ start: w.start, end: horizon });
      kept.push({ start: horizon, end: w.end });
    } else kept.push(w);
  }
  return { kept, dropped };
}

/** Reads one window through the source, with what it left unread (none for a plain `fetch`). */
async function readWindow(events: EventSource, w: TimeWindow, resources: readonly Resource[]) {
  if (events.read) return events.read(w.start, w.end, resources);
  return { events: await events.fetch(w.start, w.end, resources), unread: [] };
}

/**
 * Reads the change events of the cycle's window `[previousEnd, now)` and then the oldest
 * backlog window, stores them (idempotent: events are keyed by time and id), and then the new
 * backlog. A crash before the backlog is written re-reads the same windows next time.
 */
export async function collectEvents(
  ports: { readonly events: EventSource; readonly insights: Pick<InsightStore, 'putEvents'>; readonly state?: StateStore },
  plan: { readonly previousEnd: number; readonly now: number; readonly resources: readonly Resource[] },
): Promise<EventCollection> {
  const stored = ports.state ? (await ports.state.getStates([EVENTS_STATE_KEY])).get(EVENTS_STATE_KEY) : undefined;
  const backlog = isEventBacklog(stored) ? stored : EMPTY_BACKLOG;
  // What the sources can no longer return is given up before any call is spent on it.
  const horizon = plan.now - EVENT_LOOKBACK_MS;
  const pending = clip(mergeWindows(backlog.unread), horizon);
  const windows = [...(plan.previousEnd < plan.now ? [{ start: plan.previousEnd, end: plan.now }] : []), ...pending.kept.slice(0, BACKLOG_READS_PER_CYCLE)];
  const unread: TimeWindow[] = pending.kept.slice(BACKLOG_READS_PER_CYCLE);
  let count = 0;
  for (const w of windows) {
    const read = await readWindow(ports.events, w, plan.resources);
    if (read.events.length) await ports.insights.putEvents(read.events);
    count += read.events.length;
    unread.push(...read.unread);
  }

  const after = clip(mergeWindows(unread), horizon);
  const kept = after.kept;
  const dropped = [...pending.dropped, ...after.dropped];
  while (kept.length > MAX_UNREAD_WINDOWS) dropped.push(kept.shift()!);

  if (ports.state && (backlog.unread.length > 0 || kept.length > 0 || dropped.length > 0)) {
    const next: EventBacklog = {
      version: 1,
      unread: kept,
      dropped: dropped.length
        ? { windows: backlog.dropped.windows + dropped.length, ms: backlog.dropped.ms + dropped.reduce((n, w) => n + (w.end - w.start), 0), lastAt: plan.now }
        : backlog.dropped,
    };
    await ports.state.putStates(new Map([[EVENTS_STATE_KEY, next]]));
  }
  return { events: count, unread: kept, dropped };
}

/** The stored backlog (for health reporting). */
export async function loadEventBacklog(state: StateStore): Promise<EventBacklog> {
  const raw = (await state.getStates([EVENTS_STATE_KEY])).get(EVENTS_STATE_KEY);
  return isEventBacklog(raw) ? raw : EMPTY_BACKLOG;
}
