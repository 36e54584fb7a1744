/**
 * A deliberately small monthly cost estimate for the `/cost` route, used until the full cost
 * model of the AWS adapters work is available. Prices are us-east-1 list prices (2025):
 * - CloudWatch GetMetricData: $0.01 per 1,000 metrics requested;
 * - Lambda (arm64): $0.0000133334 per GB-second and $0.20 per million requests;
 * - DynamoDB on demand: $0.625 per million write and $0.125 per million read request units;
 * - EventBridge Scheduler: $1.00 per million invocations; SQS: $0.40 per million requests;
 * - DevOps Guru: $0.0028 (group A) to $0.0042 (group B) per resource-hour.
 * Assumes one analysis cycle per `cadenceMinutes` in which every metric is requested once,
 * its detector state read and written once, and analysed in shards of up to 500 metrics.
 */
import type { CostEstimateT } from './schemas';

const HOURS_PER_MONTH = 730;

export interface CostInputs {
  readonly resources: number;
  readonly metrics: number;
  readonly cadenceMinutes: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function estimateMonthlyCost(inputs: CostInputs): CostEstimateT {
  const cycles = (HOURS_PER_MONTH * 60) / inputs.cadenceMinutes;
  const shards = Math.max(1, Math.ceil(inputs.metrics / 500));
  const analyzerSeconds = 0.3 + 0.002 * Math.min(inputs.metrics, 500);
  const gbSeconds = cycles * (0.25 * 0.5 + shards * 0.5 * analyzerSeconds);
  const invocations = cycles * (1 + shards);
  const lines = [
    {
      item: 'CloudWatch GetMetricData',
      monthlyUsd: round(((inputs.metrics * cycles) / 1000) * 0.01),
      basis: `${inputs.metrics} metrics × ${Math.round(cycles)} cycles at $0.01 per 1,000 metrics`,
    },
    {
      item: 'Lambda',
      monthlyUsd: round(gbSeconds * 0.0000133334 + (invocations / 1e6) * 0.2),
      basis: `${Math.round(invocations)} invocations, ${Math.round(gbSeconds)} GB-s (arm64)`,
    },
    {
      item: 'DynamoDB',
      monthlyUsd: round(((inputs.metrics * cycles) / 1e6) * (0.625 + 0.125)),
      basis: 'one state read and write per metric per cycle, on demand',
    },
    {
      item: 'EventBridge Scheduler and SQS',
      monthlyUsd: round((cycles / 1e6) * 1 + ((cycles * shards * 3) / 1e6) * 0.4),
      basis: 'one schedule per cycle, one message per shard (send, receive, delete)',
    },
  ];
  const resourceHours = inputs.resources * HOURS_PER_MONTH;
  return {
    inputs: { resources: inputs.resources, metrics: inputs.metrics, cadenceMinutes: inputs.cadenceMinutes },
    opsight: { monthlyUsd: round(lines.reduce((s, l) => s + l.monthlyUsd, 0)), lines },
    devopsGuru: {
      monthlyUsdLow: round(resourceHours * 0.0028),
      monthlyUsdHigh: round(resourceHours * 0.0042),
      basis: `${inputs.resources} resources × ${HOURS_PER_MONTH} h at $0.0028–0.0042 per resource-hour`,
    },
    model: 'api-simple',
  };
}
