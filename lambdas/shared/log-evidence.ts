/**
 * The log-evidence step as the Lambdas run it after correlation: CloudWatch Logs around open
 * reactive insights, with its reads published as metrics and a budget that ran out logged.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { attachLogEvidence, type Insight, type InsightStore, type StateStore } from '../../src/core';
import { CloudWatchLogsSource } from '../../src/aws/collect';
import type { Fleet } from '../../src/aws/accounts';
import type { LogSource } from '../../src/core';
import type { Runtime } from './runtime';

/** With a fleet, member resources' log groups are read in their own account and region. */
export function logEvidenceStep(rt: Runtime, fleet?: Fleet): (store: InsightStore & StateStore, now: number, changed: readonly Insight[]) => Promise<void> {
  let source: LogSource | undefined;
  return async (store, now, changed) => {
    const config = rt.env.config.logs;
    if (!config.enabled) return;
    source ??= fleet ? fleet.logs(new CloudWatchLogsSource(rt.clients.logs)) : new CloudWatchLogsSource(rt.clients.logs);
    const report = await attachLogEvidence({ insights: store, state: store, logs: source }, now, [], config, changed);
    rt.obs.metrics.addMetric('LogLinesRead', MetricUnit.Count, report.lines);
    rt.obs.metrics.addMetric('LogBytesRead', MetricUnit.Bytes, report.bytes);
    if (report.truncated.length) rt.obs.logger.info('log budget reached for some insights; their evidence is from a sample', { insights: report.truncated });
  };
}
