/** Hand-built anomalies, events and resources for correlator tests. */
import { collectionOf, seriesKey, stableId, type Anomaly, type EvidencePoint, type OpsEvent, type Series, type Severity } from '../../../src/core';

export const T0 = Date.UTC(2026, 0, 5, 14, 0);
export const MIN = 60_000;
export const PERIOD_MS = 300_000;

export interface AnomalySpec {
  readonly resource: string;
  readonly type: string;
  readonly namespace: string;
  readonly metric: string;
  readonly stack?: string;
  readonly tags?: Record<string, string>;
  /** Onset (ms). */
  readonly start: number;
  /** Anomalous periods (consecutive, from onset). @default 1 */
  readonly periods?: number;
  /** Further periods still outside the band after the last anomalous one (a suppressed detector). @default 0 */
  readonly trailingOutside?: number;
  /** Normal periods after the anomaly (evidence). @default 0 */
  readonly trailingNormal?: number;
  readonly expected?: number;
  /** Band half-width. @default 1 */
  readonly halfWidth?: number;
  /** Peak distance from expected, in band widths (2 × halfWidth). @default 10 */
  readonly excess?: number;
  readonly direction?: 'ABOVE' | 'BELOW';
  readonly severity?: Severity;
  readonly closed?: boolean;
}

export function anomaly(spec: AnomalySpec): Anomaly {
  const series: Series = {
    namespace: spec.namespace,
    metricName: spec.metric,
    dimensions: { Name: spec.resource },
    stat: 'Sum',
    periodSeconds: 300,
    kind: 'count',
  };
  const key = seriesKey(series);
  const expected = spec.expected ?? 10;
  const half = spec.halfWidth ?? 1;
  const sign = spec.direction === 'BELOW' ? -1 : 1;
  const peak = expected + sign * (spec.excess ?? 10) * 2 * half;
  const periods = spec.periods ?? 1;
  const evidence: EvidencePoint[] = [];
  let t = spec.start;
  for (let i = 0; i < periods; i++, t += PERIOD_MS) evidence.push({ t, v: peak, expected, lower: expected - half, upper: expected + half, score: 0.9 });
  for (let i = 0; i < (spec.trailingOutside ?? 0); i++, t += PERIOD_MS) evidence.push({ t, v: peak, expected, lower: expected - half, upper: expected + half, score: 0.1 });
  for (let i = 0; i < (spec.trailingNormal ?? 0); i++, t += PERIOD_MS) evidence.push({ t, v: expected, expected, lower: expected - half, upper: expected + half, score: 0.01 });
  const lastAnomalousAt = spec.start + (periods - 1) * PERIOD_MS;
  const closed = spec.closed ?? false;
  return {
    id: stableId('anm', key, spec.start),
    seriesKey: key,
    series,
    resourceId: spec.resource,
    resourceType: spec.type,
    resourceName: spec.resource,
    collection: collectionOf({ stack: spec.stack, tags: spec.tags ?? {} }),
    severity: spec.severity ?? 'HIGH',
    status: closed ? 'CLOSED' : 'ONGOING',
    timeRange: closed ? { start: spec.start, end: lastAnomalousAt + PERIOD_MS } : { start: spec.start },
    reportedAt: spec.start,
    lastAnomalousAt,
    direction: spec.direction ?? 'ABOVE',
    observed: peak,
    expected,
    lower: expected - half,
    upper: expected + half,
    score: 0.9,
    evidence,
    type: 'CAUSAL',
  };
}

const STACK = 'shop';

/** Shorthands for the usual resources of a checkout stack. */
export const lambdaErrors = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'checkout', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Errors', stack: STACK, start, periods: 3, ...extra });
export const lambdaDuration = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'checkout', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Duration', stack: STACK, start, periods: 3, severity: 'MEDIUM', ...extra });
export const api5xx = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'shop-api', type: 'AWS::ApiGateway::RestApi', namespace: 'AWS/ApiGateway', metric: '5XXError', stack: STACK, start, periods: 3, ...extra });
export const apiLatency = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'shop-api', type: 'AWS::ApiGateway::RestApi', namespace: 'AWS/ApiGateway', metric: 'Latency', stack: STACK, start, periods: 3, severity: 'MEDIUM', ...extra });
export const apiCount = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'shop-api', type: 'AWS::ApiGateway::RestApi', namespace: 'AWS/ApiGateway', metric: 'Count', stack: STACK, start, periods: 4, severity: 'MEDIUM', ...extra });
export const tableWrites = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'orders', type: 'AWS::DynamoDB::Table', namespace: 'AWS/DynamoDB', metric: 'ConsumedWriteCapacityUnits', stack: STACK, start, periods: 4, severity: 'MEDIUM', ...extra });
export const tableThrottles = (start: number, extra: Partial<AnomalySpec> = {}) =>
  anomaly({ resource: 'orders', type: 'AWS::DynamoDB::Table', namespace: 'AWS/DynamoDB', metric: 'WriteThrottleEvents', stack: STACK, start, periods: 3, ...extra });

export function event(id: string, time: number, cls: OpsEvent['class'], resources: OpsEvent['resources'], extra: Partial<OpsEvent> = {}): OpsEvent {
  return {
    id,
    time,
    source: extra.source ?? 'lambda.amazonaws.com',
    name: extra.name ?? 'UpdateFunctionConfiguration',
    dataSource: extra.dataSource ?? 'CLOUD_TRAIL',
    class: cls,
    resources,
    ...extra,
  };
}

export const deployment = (id: string, time: number, fn = 'checkout', stack: string | null = STACK): OpsEvent => ({
  id,
  time,
  source: 'codedeploy.amazonaws.com',
  name: `Deployment ${id}`,
  dataSource: 'CODE_DEPLOY',
  class: 'DEPLOYMENT',
  resources: [{ type: 'AWS::Lambda::Function', name: fn }],
  ...(stack ? { stack } : {}),
  status: 'Succeeded',
});
