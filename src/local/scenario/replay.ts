/**
 * Replays a scenario bundle through the core ports: a metric source, an event source and a
 * resource catalog that serve only what exists before the requested end (no look-ahead).
 */
import {
  seriesKey,
  type EventSource,
  type MetricRequest,
  type MetricSource,
  type Observation,
  type OpsEvent,
  type Resource,
  type ResourceCatalog,
} from '../../core';
import type { ScenarioBundle } from './bundle';

export class ReplayMetricSource implements MetricSource {
  private readonly byKey = new Map<string, ScenarioBundle['series'][number]>();
  /** Requests served, for tests and cost accounting. */
  calls = 0;

  constructor(private readonly bundle: ScenarioBundle) {
    for (const s of bundle.series) this.byKey.set(seriesKey(s), s);
  }

  async fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]> {
    this.calls++;
    const out: Observation[] = [];
    for (const req of requests) {
      const key = seriesKey(req.series);
      const s = this.byKey.get(key);
      if (!s) {
        out.push({ seriesKey: key, points: [] });
        continue;
      }
      const step = s.periodSeconds * 1000;
      const first = Math.max(0, Math.ceil((req.start - this.bundle.start) / step));
      const points = [];
      for (let i = first; i < s.values.length; i++) {
        const t = this.bundle.start + i * step;
        if (t >= end) break;
        const v = s.values[i];
        if (v !== null && v !== undefined) points.push({ t, v });
      }
      out.push({ seriesKey: key, points });
    }
    return out;
  }
}

export class ReplayEventSource implements EventSource {
  constructor(private readonly events: readonly OpsEvent[]) {}

  async fetch(start: number, end: number): Promise<OpsEvent[]> {
    return this.events.filter((e) => e.time >= start && e.time < end);
  }
}

export class StaticCatalog implements ResourceCatalog {
  private readonly resources: Resource[];

  constructor(bundle: ScenarioBundle) {
    this.resources = bundle.resources.map((r) => ({
      ...r,
      series: bundle.series
        .filter((s) => s.resourceId === r.id)
        .map(({ resourceId: _r, values: _v, ...series }) => series),
    }));
  }

  async list(): Promise<Resource[]> {
    return this.resources;
  }
}
