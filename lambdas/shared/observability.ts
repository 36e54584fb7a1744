/**
 * Powertools for every Opsight function: structured logs, EMF metrics (namespace "Opsight")
 * and X-Ray tracing of the AWS SDK clients.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export function observability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: 'Opsight', serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}

/**
 * Adds a count only when it is not zero. CloudWatch bills a custom metric for each hour it is
 * published in ($0.30 a metric-month), so counts that are zero most of the time (insights
 * changed, unread event windows) cost only in the hours something happened; a Sum over a
 * period without data reads as zero (docs/cost.md).
 */
export function addCount(metrics: Metrics, name: string, value: number): void {
  if (value !== 0) metrics.addMetric(name, MetricUnit.Count, value);
}
