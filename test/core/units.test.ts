import { describe, expect, it } from 'vitest';
import { formatMeasure, formatSeriesValue, unitOf } from '../../src/core/units';
import { insightDescription } from '../../src/core/correlate/describe';
import { describeAnomaly } from '../../src/core/recommend/text';
import { METRIC_CATALOG, seriesFor } from '../../src/aws/coverage/metric-catalog';
import type { Anomaly, Series } from '../../src/core';

describe('formatMeasure', () => {
  it('prints durations as ms below a second and s, min above, whatever unit they come in', () => {
    expect(formatMeasure(0.55, 'Seconds')).toBe('550 ms');
    expect(formatMeasure(1.2, 'Seconds')).toBe('1.2 s');
    expect(formatMeasure(550, 'Milliseconds')).toBe('550 ms');
    expect(formatMeasure(1234, 'Milliseconds')).toBe('1.23 s');
    expect(formatMeasure(90, 'Seconds')).toBe('1.5 min');
    expect(formatMeasure(7200, 'Seconds')).toBe('2 h');
    expect(formatMeasure(2500, 'Microseconds')).toBe('2.5 ms');
    expect(formatMeasure(0.0042, 'Seconds')).toBe('4.2 ms');
  });

  it('prints sizes with KB/MB/GB and one decimal', () => {
    expect(formatMeasure(24_030_446, 'Bytes')).toBe('24 MB');
    expect(formatMeasure(13_920_472, 'Bytes')).toBe('13.9 MB');
    expect(formatMeasure(1_500_000_000, 'Bytes')).toBe('1.5 GB');
    expect(formatMeasure(512, 'Bytes')).toBe('512 bytes');
    expect(formatMeasure(2048, 'Kilobytes')).toBe('2 MB');
    expect(formatMeasure(3.5, 'Megabytes')).toBe('3.5 MB');
    expect(formatMeasure(1_200_000, 'Bytes/Second')).toBe('1.2 MB/s');
  });

  it('prints percent, counts with thousands separators, and rates per second', () => {
    expect(formatMeasure(3.4, 'Percent')).toBe('3.4 %');
    expect(formatMeasure(87.456, 'Percent')).toBe('87.5 %');
    expect(formatMeasure(3400, 'Count')).toBe('3,400');
    expect(formatMeasure(1_234_567.8, 'Count')).toBe('1,234,568');
    expect(formatMeasure(1.5, 'Count')).toBe('1.5');
    expect(formatMeasure(12, 'Count/Second')).toBe('12/s');
    expect(formatMeasure(0, 'None')).toBe('0');
    expect(formatMeasure(42.25, undefined)).toBe('42.3');
  });
});

describe('unitOf', () => {
  it('prefers the series unit, then the documented unit of the metric, then the kind', () => {
    expect(unitOf({ namespace: 'AWS/RDS', metricName: 'WriteLatency', kind: 'latency' })).toBe('Seconds');
    expect(unitOf({ namespace: 'X', metricName: 'Lag', kind: 'latency', unit: 'Milliseconds' })).toBe('Milliseconds');
    expect(unitOf({ namespace: 'X', metricName: 'Used', kind: 'bytes' })).toBe('Bytes');
    expect(unitOf({ namespace: 'X', metricName: 'Lag', kind: 'latency' })).toBeUndefined();
  });

  it('knows the unit of every metric in the catalog, and the catalog puts it on the series', () => {
    for (const [type, spec] of Object.entries(METRIC_CATALOG)) {
      for (const m of spec.metrics) {
        expect(unitOf({ namespace: m.namespace ?? spec.namespace, metricName: m.metricName }), `${type} ${m.metricName}`).toBeDefined();
      }
    }
    const rds = seriesFor('AWS::RDS::DBInstance', 'shop-db');
    expect(rds.find((s) => s.metricName === 'WriteLatency')?.unit).toBe('Seconds');
    expect(rds.find((s) => s.metricName === 'FreeableMemory')?.unit).toBe('Bytes');
  });
});

function anomaly(series: Series, observed: number, expected: number, lower: number, upper: number): Anomaly {
  return {
    id: 'anm-1',
    seriesKey: 'k',
    series,
    resourceId: 'shop-db',
    resourceType: 'AWS::RDS::DBInstance',
    resourceName: 'shop-db',
    collection: { type: 'STACK', name: 'shop' },
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: Date.UTC(2026, 10, 19, 14, 5) },
    reportedAt: Date.UTC(2026, 10, 19, 14, 5),
    lastAnomalousAt: Date.UTC(2026, 10, 19, 14, 5),
    direction: 'ABOVE',
    observed,
    expected,
    lower,
    upper,
    score: 1,
    evidence: [],
    type: 'CAUSAL',
  };
}

describe('values reach people with their unit', () => {
  const base = { namespace: 'AWS/RDS', dimensions: { DBInstanceIdentifier: 'shop-db' }, stat: 'Average', periodSeconds: 300 };

  it('an RDS write latency in Seconds is not printed as ms', () => {
    const a = anomaly({ ...base, metricName: 'WriteLatency', unit: 'Seconds', kind: 'latency' }, 0.55, 0.004, 0.002, 0.008);
    expect(describeAnomaly(a)).toContain('WriteLatency rose to 550 ms on shop-db (expected 2 ms–8 ms)');
    expect(insightDescription(a, [a])).toContain('increased to 550 ms where about 4 ms was expected (normal range 2 ms–8 ms)');
  });

  it('bytes are printed in MB, not raw', () => {
    const a = anomaly({ ...base, metricName: 'NetworkIn', namespace: 'AWS/EC2', kind: 'bytes' }, 24_030_446, 13_920_472, 10_000_000, 18_000_000);
    expect(insightDescription(a, [a])).toContain('increased to 24 MB where about 13.9 MB was expected (normal range 10 MB–18 MB)');
  });

  it('stored series without a unit still print the documented unit', () => {
    expect(formatSeriesValue(0.55, { namespace: 'AWS/RDS', metricName: 'WriteLatency', kind: 'latency' })).toBe('550 ms');
    expect(formatSeriesValue(3400, { namespace: 'AWS/ApiGateway', metricName: '5XXError', kind: 'count' })).toBe('3,400');
  });
});
