/**
 * Metric and change-event reads routed to the scope a record lives in: series and resources
 * without an account id go to the central account's sources, member ones to their scope's
 * (each with its own quota pacing). A scope that fails is reported to the health and never
 * stops the others: its series come back without points (their state does not move, so the
 * next cycle reads the gap) and its event window is reported unread (read again later).
 */
import { scopeKey, scopedResourceId, type EventRead, type EventSource, type MetricRequest, type MetricSource, type Observation, type OpsEvent, type Resource } from '../../core';
import type { MemberClients, Scope } from './clients';
import type { CollectionHealth } from './health';

function groupByScope<T>(items: readonly T[], scopeOf: (item: T) => { accountId?: string; region?: string }): { central: T[]; members: Map<string, { scope: Scope; items: T[] }> } {
  const central: T[] = [];
  const members = new Map<string, { scope: Scope; items: T[] }>();
  for (const item of items) {
    const { accountId, region } = scopeOf(item);
    if (!accountId || !region) {
      central.push(item);
      continue;
    }
    const key = scopeKey(accountId, region);
    let group = members.get(key);
    if (!group) {
      group = { scope: { accountId, region }, items: [] };
      members.set(key, group);
    }
    group.items.push(item);
  }
  return { central, members };
}

export class FanoutMetricSource implements MetricSource {
  constructor(
    private readonly central: MetricSource,
    private readonly members: MemberClients,
    private readonly health: CollectionHealth,
  ) {}

  async fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]> {
    const { central, members } = groupByScope(requests, (r) => r.series);
    const reads = [...members.values()].map(async ({ scope, items }) => {
      try {
        await this.members.credentials.get(scope.accountId);
        return await this.members.for(scope).metrics.fetch(items, end);
      } catch (error) {
        this.health.failed(scope, 'metrics', error);
        return [];
      }
    });
    const all = await Promise.all([central.length ? this.central.fetch(central, end) : Promise.resolve([]), ...reads]);
    return all.flat();
  }
}

/** A member's event as Opsight keys it: its account and region, its id scoped like a resource id. */
function scopeEvent(e: OpsEvent, scope: Scope): OpsEvent {
  return { ...e, id: scopedResourceId(e.id, scope.accountId, scope.region), accountId: scope.accountId, region: scope.region };
}

export class FanoutEventSource implements EventSource {
  constructor(
    private readonly central: EventSource | undefined,
    /** Every member scope collected this cycle (events are read even where no resource is listed yet). */
    private readonly scopes: () => readonly Scope[],
    private readonly members: MemberClients,
    private readonly health: CollectionHealth,
  ) {}

  async fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]> {
    return (await this.read(start, end, resources)).events;
  }

  async read(start: number, end: number, resources: readonly Resource[]): Promise<EventRead> {
    const { central, members } = groupByScope(resources, (r) => r);
    for (const scope of this.scopes()) {
      const key = scopeKey(scope.accountId, scope.region);
      if (!members.has(key)) members.set(key, { scope, items: [] });
    }
    const reads = [...members.values()].map(async ({ scope, items }): Promise<EventRead> => {
      try {
        await this.members.credentials.get(scope.accountId);
        const source = this.members.for(scope).events;
        const r = source.read ? await source.read(start, end, items) : { events: await source.fetch(start, end, items), unread: [] };
        return { events: r.events.map((e) => scopeEvent(e, scope)), unread: r.unread };
      } catch (error) {
        this.health.failed(scope, 'events', error);
        return { events: [], unread: [{ start, end }] };
      }
    });
    const centralRead = this.central ? readAll(this.central, start, end, central) : Promise.resolve({ events: [], unread: [] });
    const all = await Promise.all([centralRead, ...reads]);
    return { events: all.flatMap((r) => r.events).sort((a, b) => a.time - b.time), unread: all.flatMap((r) => r.unread) };
  }
}

function readAll(source: EventSource, start: number, end: number, resources: readonly Resource[]): Promise<EventRead> {
  return source.read ? source.read(start, end, resources) : source.fetch(start, end, resources).then((events) => ({ events, unread: [] }));
}
