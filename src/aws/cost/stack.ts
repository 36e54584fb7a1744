/**
 * What the deployed stack holds whatever it watches, as the CDK app in lib/ builds it: the
 * functions, the alarms, the dashboard, the KMS key, the log groups and the custom metrics the
 * functions publish. The cost model prices these; test/lib/stack-inventory.test.ts checks the
 * counts against the synthesized template, so the two cannot drift apart.
 */

export interface StackSettings {
  /** @default 'single' */
  readonly mode: 'single' | 'distributed';
  /** `monitoring.dashboard`. @default false */
  readonly dashboard: boolean;
  /** `monitoring.throttleAlarms`. @default false */
  readonly throttleAlarms: boolean;
}

export const DEFAULT_STACK_SETTINGS: StackSettings = { mode: 'single', dashboard: false, throttleAlarms: false };

/** A custom metric (namespace Opsight) and the service dimension it is published under. */
export interface CustomMetric {
  readonly service: string;
  readonly name: string;
}

export interface StackInventory {
  /** Lambda functions (each with its own log group and active X-Ray tracing). */
  readonly functions: readonly string[];
  /** Queues whose depth is alarmed. */
  readonly alarmedQueues: readonly string[];
  /** Standard-resolution alarms, one metric each. */
  readonly alarms: number;
  readonly dashboards: number;
  /** Customer managed KMS keys (the SNS topics' key). */
  readonly kmsKeys: number;
  /** Function log groups' retention (days). */
  readonly functionLogRetentionDays: number;
  /** The API's access log group retention (days). */
  readonly accessLogRetentionDays: number;
  /** Custom metrics published by every cycle (billed every hour of the month). */
  readonly cycleMetrics: readonly CustomMetric[];
  /** Published in the cycles that read change events (every hour of an account that changes). */
  readonly changeMetrics: readonly CustomMetric[];
  /** Published only in hours with insight activity (counts that are zero are not published). */
  readonly insightMetrics: readonly CustomMetric[];
  /** Published only when something goes wrong (nothing in a healthy month). */
  readonly troubleMetrics: readonly CustomMetric[];
}

const metrics = (service: string, names: readonly string[]): CustomMetric[] => names.map((name) => ({ service, name }));

/** The stack's fixed parts for `settings` (lib/opsight.ts, lib/monitoring.ts, lambdas/*.ts). */
export function stackInventory(settings: Partial<StackSettings> = {}): StackInventory {
  const s = { ...DEFAULT_STACK_SETTINGS, ...settings };
  const distributed = s.mode === 'distributed';
  const functions = distributed ? ['Planner', 'Analyzer', 'Correlator', 'Notifier', 'Api'] : ['Cycle', 'Notifier', 'Api'];
  const alarmedQueues = ['Failures', 'FailuresDeadLetters', 'NotifierReplays', 'NotifierDeadLetters', 'EmailDeliveries', ...(distributed ? ['WorkDeadLetters', 'CorrelateDeadLetters'] : [])];
  // Per function: errors (and throttles on request); per queue: depth; plus dropped change events and cycle duration.
  const alarms = functions.length * (s.throttleAlarms ? 2 : 1) + alarmedQueues.length + 2;
  const scheduled = distributed ? 'opsight-planner' : 'opsight-cycle';
  const cycleMetrics = distributed
    ? [...metrics('opsight-planner', ['Shards']), ...metrics('opsight-analyzer', ['SeriesAnalyzed', 'PointsAnalyzed']), ...metrics('opsight-correlator', ['CycleLatency'])]
    : metrics('opsight-cycle', ['SeriesAnalyzed', 'PointsAnalyzed', 'CycleLatency']);
  const changeMetrics = metrics(scheduled, ['ChangeEvents']);
  const insightMetrics = distributed
    ? [
        ...metrics('opsight-planner', ['ProactiveInsightsChanged']),
        ...metrics('opsight-analyzer', ['AnomaliesChanged']),
        ...metrics('opsight-correlator', ['InsightsChanged', 'Notifications']),
        ...metrics('opsight-notifier', ['Delivered']),
      ]
    : [...metrics('opsight-cycle', ['InsightsChanged']), ...metrics('opsight-notifier', ['Delivered'])];
  const troubleMetrics = [
    ...metrics(scheduled, ['EventWindowsUnread', 'EventWindowsDropped', ...(distributed ? ['StalledCycles'] : [])]),
    ...metrics('opsight-notifier', ['DuplicateSkipped', 'DeliveryFailed', 'ReplayReadFailed', 'StreamBatchReplayed']),
  ];
  return {
    functions,
    alarmedQueues,
    alarms,
    dashboards: s.dashboard ? 1 : 0,
    kmsKeys: 1,
    functionLogRetentionDays: 30,
    accessLogRetentionDays: 90,
    cycleMetrics,
    changeMetrics,
    insightMetrics,
    troubleMetrics,
  };
}
