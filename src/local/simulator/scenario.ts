/**
 * Assembles a scenario bundle from the shop, its routine change events and a list of
 * incidents. Three independent random streams (telemetry noise, incidents, background
 * events) keep scenarios comparable: adding an incident never changes the noise elsewhere.
 */
import type { OpsEvent } from '../../core';
import { seededRandom } from '../random';
import type { BundleSeries, Label, ScenarioBundle } from '../scenario/bundle';
import { Effects } from './effects';
import { EventFactory, backgroundEvents } from './events';
import { addIncidentLogs, logGroupsOf, normalLogs } from './logs';
import { planIncident, type ExhaustionRule, type IncidentContext, type IncidentSpec } from './incidents';
import { PERIOD_MS, shopResources, shopSeries } from './shop';
import { simulateWorld, type WorldValues } from './world';

/**
 * A custom planner: like an incident, it writes effects and returns change events, but it may
 * return any number of labels (none for routine activity such as a nightly batch job).
 */
export interface ScenarioPlan {
  readonly events: OpsEvent[];
  readonly labels: Label[];
  /** Per label (same index), how to compute its exhaustion time, for PROACTIVE labels. */
  readonly exhaustion?: ReadonlyArray<ExhaustionRule | undefined>;
}
export type Planner = (ctx: IncidentContext) => ScenarioPlan;

/** A stretch of missing datapoints (`null`) in one series, by the simulation's local key (`search-1.mem`). */
export interface DataGap {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

export interface ShopScenarioOptions {
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  /** First grid point (epoch ms, rounded down to the 5-minute grid). */
  readonly start: number;
  /** Exclusive end (epoch ms, rounded down to the grid). */
  readonly end: number;
  readonly incidents?: readonly IncidentSpec[];
  /** Routine, harmless change events. @default true */
  readonly background?: boolean;
  /** API requests per 5 minutes at the average evening peak. @default 20000 */
  readonly peakRequests?: number;
  /** Replay hint stored in the bundle. */
  readonly replay?: ScenarioBundle['replay'];
  /** Scenario family stored in the bundle. */
  readonly family?: string;
  /** Day-of-week traffic factors, Sunday first. @default busier weekends */
  readonly weekly?: readonly number[];
  /** Heavy-tailed outliers on latencies and error counts (own random stream). @default false */
  readonly heavyTails?: boolean;
  /** Further planners (routine jobs, incidents not in the catalogue). */
  readonly plans?: readonly Planner[];
  /** Missing datapoints. */
  readonly gaps?: readonly DataGap[];
  /**
   * Simulate this long past the end (not kept in the bundle), so that exhaustion rules with
   * `firstReach` find when the series really reaches its limit. @default 0
   */
  readonly lookaheadMs?: number;
  /** Use `firstReach` for the catalogue's proactive incidents too. @default false */
  readonly firstReach?: boolean;
  /** Log lines per log group (own random stream). @default true */
  readonly logs?: boolean;
}

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/**
 * When the mean path of a capacity series reaches its limit: the level and slope of a
 * least-squares line through all data since onset (whole days of it average out the daily
 * and weekly cycle). Returns undefined when the series does not move towards the limit.
 */
export function exhaustionTime(values: ReadonlyArray<number | null>, start: number, onset: number, rule: ExhaustionRule): number | undefined {
  if (rule.firstReach) return firstReach(values, start, onset, rule);
  const first = Math.ceil((onset - start) / PERIOD_MS);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = Math.max(0, first); i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const x = i * PERIOD_MS;
    n++;
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
  }
  if (n < 3) return undefined;
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / n;
  if (rule.direction === 'up' ? slope <= 0 : slope >= 0) return undefined;
  return Math.round(start + (rule.limit - intercept) / slope);
}

/**
 * The start of the first hour after onset whose mean reaches the limit (whole hours smooth the
 * sensor noise; the simulated path includes daily peaks and clean-ups, which a straight line
 * through the data would not).
 */
function firstReach(values: ReadonlyArray<number | null>, start: number, onset: number, rule: ExhaustionRule): number | undefined {
  const perHour = Math.round(3_600_000 / PERIOD_MS);
  const first = Math.max(0, Math.ceil((onset - start) / PERIOD_MS));
  for (let h = first; h + perHour <= values.length; h += perHour) {
    let sum = 0;
    let k = 0;
    for (let i = h; i < h + perHour; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      sum += v;
      k++;
    }
    if (k === 0) continue;
    const m = sum / k;
    // Within half a percent of the limit counts: the series is clamped there (100 %, 0 bytes).
    if (rule.direction === 'up' ? m >= rule.limit - 0.005 * Math.abs(rule.limit) : m <= rule.limit + 0.005 * Math.abs(rule.limit)) return start + h * PERIOD_MS;
  }
  return undefined;
}

export function simulateShop(options: ShopScenarioOptions): ScenarioBundle {
  const start = Math.floor(options.start / PERIOD_MS) * PERIOD_MS;
  const end = Math.floor(options.end / PERIOD_MS) * PERIOD_MS;
  if (end <= start) throw new Error('simulateShop: end must be after start');
  const kept = (end - start) / PERIOD_MS;
  const n = kept + Math.max(0, Math.round((options.lookaheadMs ?? 0) / PERIOD_MS));
  const peakRequests = options.peakRequests ?? 20_000;
  const fx = new Effects(n);
  const factory = new EventFactory(seededRandom(options.seed * 7919 + 13));
  const events: OpsEvent[] = options.background === false ? [] : backgroundEvents(seededRandom(options.seed * 104_729 + 7), factory, start, end);
  const labels: Label[] = [];
  const exhaustion: Array<{ label: Label; rule: ExhaustionRule }> = [];
  (options.incidents ?? []).forEach((spec, k) => {
    const planned = planIncident({ rnd: seededRandom(options.seed * 31 + 1000 * (k + 1)), fx, events: factory, start, n, peakRequests }, spec);
    events.push(...planned.events.filter((e) => e.time >= start && e.time < end));
    labels.push(planned.label);
    if (planned.exhaustion) exhaustion.push({ label: planned.label, rule: options.firstReach ? { ...planned.exhaustion, firstReach: true } : planned.exhaustion });
  });
  (options.plans ?? []).forEach((plan, k) => {
    const planned = plan({ rnd: seededRandom(options.seed * 37 + 7919 * (k + 1)), fx, events: factory, start, n, peakRequests });
    events.push(...planned.events.filter((e) => e.time >= start && e.time < end));
    planned.labels.forEach((label, j) => {
      labels.push(label);
      const rule = planned.exhaustion?.[j];
      if (rule) exhaustion.push({ label, rule });
    });
  });
  const world: WorldValues = simulateWorld({
    start,
    n,
    rnd: seededRandom(options.seed),
    effects: fx,
    peakRequests,
    ...(options.weekly ? { weekly: options.weekly } : {}),
    ...(options.heavyTails ? { tails: { rnd: seededRandom(options.seed * 65_537 + 29) } } : {}),
  });

  for (const { label, rule } of exhaustion) {
    const values = world.get(rule.seriesKey) ?? [];
    const at = exhaustionTime(values, start, label.start, rule);
    if (at !== undefined) {
      label.exhaustionAt = at;
      label.end = Math.max(label.start, at);
    }
  }

  const gaps = options.gaps ?? [];
  const series: BundleSeries[] = shopSeries().map((s) => {
    const values = (world.get(s.key) ?? new Array<number | null>(n).fill(null)).slice(0, kept).map((v) => (v === null ? null : round(v, s.decimals)));
    for (const g of gaps) {
      if (g.key !== s.key) continue;
      const from = Math.max(0, Math.floor((g.from - start) / PERIOD_MS));
      const to = Math.min(kept, Math.ceil((g.to - start) / PERIOD_MS));
      for (let i = from; i < to; i++) values[i] = null;
    }
    return { ...s.series, resourceId: s.resourceId, values };
  });
  let logs: ScenarioBundle['logs'] = [];
  if (options.logs !== false) {
    const logRnd = seededRandom(options.seed * 48_271 + 11);
    const lines = normalLogs(logRnd, start, kept);
    addIncidentLogs(logRnd, lines, labels, start, end);
    logs = logGroupsOf(lines);
  }
  return {
    name: options.name,
    description: options.description ?? '',
    ...(options.family !== undefined ? { family: options.family } : {}),
    start,
    end,
    resources: shopResources(),
    series,
    events: events.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id)),
    labels: labels.sort((a, b) => a.start - b.start),
    logs,
    ...(options.replay ? { replay: options.replay } : {}),
  };
}
