/**
 * ResourceCatalog for whole-account coverage: discovery with CloudWatch ListMetrics (at most
 * 500 per page, NextToken), one paged listing per covered type of the metric every resource
 * of that type publishes. Listings ask only for metrics that reported in the last 3 hours
 * (`RecentlyActive: PT3H`), so a resource that stops reporting stops being polled at the next
 * hourly refresh and comes back with its first new point (DevOps Guru likewise bills only
 * active resource-hours); without it ListMetrics returns two weeks of idle metrics.
 *
 * Also: `refineAgentSeries`, which replaces the CloudWatch agent placeholders (memory, disk)
 * of EC2 instances with the exact series the agent publishes.
 */
import { ListMetricsCommand, type CloudWatchClient, type ListMetricsCommandOutput, type Metric } from '@aws-sdk/client-cloudwatch';
import { UpstreamError, type Resource, type ResourceCatalog, type Series } from '../../core';
import { METRIC_CATALOG, SUPPORTED_TYPES, displayName, type TypeSpec } from './metric-catalog';

/** ListMetrics returns at most 500 metrics per page. */
export const LIST_METRICS_PAGE_SIZE = 500;

/** ListMetrics' only `RecentlyActive` value: metrics with a point in the last 3 hours. */
export const RECENTLY_ACTIVE = 'PT3H' as const;

/** Every metric of `namespace`/`metricName` (all pages); `recentlyActive`: only those that reported in the last 3 hours. */
export async function listAllMetrics(client: CloudWatchClient, namespace: string, metricName: string, options: { readonly recentlyActive?: boolean } = {}): Promise<Metric[]> {
  const active = options.recentlyActive ? { RecentlyActive: RECENTLY_ACTIVE } : {};
  const out: Metric[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page: ListMetricsCommandOutput = await client.send(new ListMetricsCommand({ Namespace: namespace, MetricName: metricName, ...active, ...(token ? { NextToken: token } : {}) }));
    if (page.Metrics !== undefined && !Array.isArray(page.Metrics)) throw new UpstreamError(`ListMetrics ${namespace}/${metricName} returned Metrics that is not a list`);
    out.push(...(page.Metrics ?? []));
    token = page.NextToken || undefined;
    if (token && seen.has(token)) throw new UpstreamError(`ListMetrics ${namespace}/${metricName} returned the same NextToken twice`);
    if (token) seen.add(token);
  } while (token);
  return out;
}

function dimsOf(m: Metric): Record<string, string> {
  const d: Record<string, string> = {};
  for (const x of m.Dimensions ?? []) if (x.Name && x.Value !== undefined) d[x.Name] = x.Value;
  return d;
}

function sameNames(dims: Record<string, string>, names: readonly string[]): boolean {
  const keys = Object.keys(dims);
  return keys.length === names.length && names.every((n) => n in dims);
}

function seriesFromSpec(spec: TypeSpec, dims: Record<string, string>): Series[] {
  return spec.metrics.map((m) => ({
    namespace: m.namespace ?? spec.namespace,
    metricName: m.metricName,
    dimensions: m.discoverDimensions ? { InstanceId: dims.InstanceId ?? '' } : { ...dims },
    stat: m.stat,
    periodSeconds: 300,
    kind: m.kind,
  }));
}

export interface AccountCatalogOptions {
  /** Types to discover. @default every supported type */
  readonly types?: readonly string[];
  /** Look up the CloudWatch agent's exact memory/disk series for EC2 instances. @default true */
  readonly discoverAgent?: boolean;
  /** Only resources and series that reported in the last 3 hours. @default true */
  readonly recentlyActive?: boolean;
}

export class AccountCatalog implements ResourceCatalog {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly options: AccountCatalogOptions = {},
  ) {}

  async list(): Promise<Resource[]> {
    const types = this.options.types ?? SUPPORTED_TYPES;
    const keys = types.flatMap((t) => (t === 'AWS::ElasticLoadBalancingV2::LoadBalancer' ? [t, `${t}#network`] : [t]));
    const out: Resource[] = [];
    const listing = { recentlyActive: this.options.recentlyActive !== false };
    for (const key of keys) {
      const spec = METRIC_CATALOG[key];
      if (!spec) continue;
      const type = key.split('#')[0]!;
      const metrics = await listAllMetrics(this.client, spec.namespace, spec.discoveryMetric, listing);
      const seen = new Set<string>();
      for (const m of metrics) {
        const dims = dimsOf(m);
        if (!sameNames(dims, spec.identity)) continue;
        const id = spec.identity.map((n) => dims[n]).join('/');
        if (seen.has(id)) continue;
        seen.add(id);
        const series = seriesFromSpec(spec, dims);
        // Optional metrics: keep them only where ListMetrics shows the resource publishes them (checked below).
        out.push({ id, type, name: displayName(type, dims), ...(dims.StateMachineArn ? { arn: dims.StateMachineArn } : {}), tags: {}, series });
      }
      const optional = spec.metrics.filter((x) => x.optional);
      for (const o of optional) {
        const have = new Set(
          (await listAllMetrics(this.client, o.namespace ?? spec.namespace, o.metricName, listing))
            .map(dimsOf)
            .filter((d) => sameNames(d, spec.identity))
            .map((d) => spec.identity.map((n) => d[n]).join('/')),
        );
        for (const r of out) {
          if (r.type !== type) continue;
          if (!have.has(r.id)) r.series = r.series.filter((s) => s.metricName !== o.metricName);
        }
      }
    }
    return this.options.discoverAgent === false ? out : refineAgentSeries(this.client, out, listing);
  }
}

/**
 * Replaces each CWAgent placeholder series (dimension InstanceId only) with the series the
 * agent really publishes for that instance (its configured dimensions, and one series per
 * disk for disk metrics). Instances without the agent, or whose agent has not reported for 3
 * hours, lose the placeholders. One paged ListMetrics listing per agent metric, whatever the
 * number of instances.
 */
export async function refineAgentSeries(client: CloudWatchClient, resources: Resource[], options: { readonly recentlyActive?: boolean } = {}): Promise<Resource[]> {
  const agentMetrics = new Set<string>();
  for (const r of resources) for (const s of r.series) if (s.namespace === 'CWAgent') agentMetrics.add(s.metricName);
  if (agentMetrics.size === 0) return resources;
  const found = new Map<string, Metric[]>();
  for (const name of [...agentMetrics].sort()) {
    for (const m of await listAllMetrics(client, 'CWAgent', name, { recentlyActive: options.recentlyActive !== false })) {
      const inst = dimsOf(m).InstanceId;
      if (!inst) continue;
      const key = `${name}|${inst}`;
      found.set(key, [...(found.get(key) ?? []), m]);
    }
  }
  return resources.map((r) => {
    if (!r.series.some((s) => s.namespace === 'CWAgent')) return r;
    const series: Series[] = [];
    for (const s of r.series) {
      if (s.namespace !== 'CWAgent') {
        series.push(s);
        continue;
      }
      const matches = found.get(`${s.metricName}|${s.dimensions.InstanceId ?? ''}`) ?? [];
      for (const m of matches) series.push({ ...s, dimensions: dimsOf(m) });
    }
    return { ...r, series };
  });
}
