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
import { planIncident, type ExhaustionRule, type IncidentSpec } from './incidents';
import { PERIOD_MS, shopResources, shopSeries } from './shop';
import { simulateWorld, type WorldValues } from './world';

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

export function simulateShop(options: ShopScenarioOptions): ScenarioBundle {
  const start = Math.floor(options.start / PERIOD_MS) * PERIOD_MS;
  const end = Math.floor(options.end / PERIOD_MS) * PERIOD_MS;
  if (end <= start) throw new Error('simulateShop: end must be after start');
  const n = (end - start) / PERIOD_MS;
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
    if (planned.exhaustion) exhaustion.push({ label: planned.label, rule: planned.exhaustion });
  });
  const world: WorldValues = simulateWorld({ start, n, rnd: seededRandom(options.seed), effects: fx, peakRequests });

  for (const { label, rule } of exhaustion) {
    const values = world.get(rule.seriesKey) ?? [];
    const at = exhaustionTime(values, start, label.start, rule);
    if (at !== undefined) {
      label.exhaustionAt = at;
      label.end = Math.max(label.start, at);
    }
  }

  const series: BundleSeries[] = shopSeries().map((s) => ({
    ...s.series,
    resourceId: s.resourceId,
    values: (world.get(s.key) ?? new Array<number | null>(n).fill(null)).map((v) => (v === null ? null : round(v, s.decimals))),
  }));
  return {
    name: options.name,
    description: options.description ?? '',
    start,
    end,
    resources: shopResources(),
    series,
    events: events.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id)),
    labels: labels.sort((a, b) => a.start - b.start),
    ...(options.replay ? { replay: options.replay } : {}),
  };
}
