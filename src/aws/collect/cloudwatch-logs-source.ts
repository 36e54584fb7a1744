/**
 * LogSource over CloudWatch Logs. The log groups of a covered resource are found by name
 * (DescribeLogGroups with a name prefix, cached): Lambda `/aws/lambda/<name>`, API Gateway
 * execution logs `API-Gateway-Execution-Logs_<rest api id>/`, RDS `/aws/rds/instance/<name>/`,
 * and any group named in the resource's `opsight-log-groups` tag (comma-separated; agent logs).
 * Events are read with FilterLogEvents through the SDK paginator, stopping at the read's line
 * and byte budget. Where a CloudWatch Logs anomaly detector watches the group, its anomalies
 * (ListAnomalies) are reported beside Opsight's own.
 */
import {
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  paginateListAnomalies,
  paginateListLogAnomalyDetectors,
  type Anomaly as CwAnomaly,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { MAX_LOG_SAMPLES, MAX_SAMPLE_CHARS, type LogAnomaly, type LogBudget, type LogGroupRef, type LogRead, type LogSource, type Resource } from '../../core';

/** Resource tag naming further log groups of a resource (comma-separated). */
export const LOG_GROUPS_TAG = 'opsight-log-groups';
/** FilterLogEvents returns at most 10,000 events per page. */
const MAX_PAGE = 10_000;

/** Where the log groups of a resource live: exact names or name prefixes. */
export function logGroupCandidates(r: Resource): Array<{ readonly prefix: string; readonly exact: boolean }> {
  const out: Array<{ prefix: string; exact: boolean }> = [];
  if (r.type === 'AWS::Lambda::Function') out.push({ prefix: `/aws/lambda/${r.name}`, exact: true });
  if (r.type === 'AWS::ApiGateway::RestApi') {
    const id = r.arn?.split('/').pop() ?? r.id;
    out.push({ prefix: `API-Gateway-Execution-Logs_${id}/`, exact: false });
  }
  if (r.type === 'AWS::RDS::DBInstance') out.push({ prefix: `/aws/rds/instance/${r.name}/`, exact: false });
  for (const name of (r.tags[LOG_GROUPS_TAG] ?? '').split(',')) if (name.trim()) out.push({ prefix: name.trim(), exact: true });
  return out;
}

const PRIORITY_SCORE: Record<string, number> = { HIGH: 0.9, MEDIUM: 0.6, LOW: 0.3 };

/** A detector's anomaly as log evidence (counts from its histogram, split at `windowStart`). */
export function fromDetectorAnomaly(a: CwAnomaly, logGroup: string, windowStart: number): LogAnomaly {
  let [baseline, window] = [0, 0];
  for (const [t, n] of Object.entries(a.histogram ?? {})) {
    if (Number(t) < windowStart) baseline += n;
    else window += n;
  }
  return {
    logGroup,
    template: (a.patternString ?? a.description ?? 'anomaly').slice(0, 512) || 'anomaly',
    kind: 'DETECTOR',
    baselineCount: Math.round(baseline),
    windowCount: Math.round(window),
    expectedCount: 0,
    firstSeen: Math.max(0, Math.round(a.firstSeen ?? 0)),
    score: PRIORITY_SCORE[a.priority ?? ''] ?? 0.5,
    samples: (a.logSamples ?? []).slice(0, MAX_LOG_SAMPLES).map((e) => (e.message ?? '').slice(0, MAX_SAMPLE_CHARS)),
  };
}

export interface LogsSourceStats {
  calls: number;
  lines: number;
  bytes: number;
  /** Reads that stopped at their budget. */
  truncated: number;
}

export class CloudWatchLogsSource implements LogSource {
  readonly stats: LogsSourceStats = { calls: 0, lines: 0, bytes: 0, truncated: 0 };
  /** Existing groups by prefix: name → ARN. */
  private readonly known = new Map<string, Promise<Map<string, string>>>();

  constructor(private readonly client: CloudWatchLogsClient) {}

  private groupsWithPrefix(prefix: string): Promise<Map<string, string>> {
    let found = this.known.get(prefix);
    if (!found) {
      found = (async () => {
        const out = new Map<string, string>();
        for await (const page of paginateDescribeLogGroups({ client: this.client }, { logGroupNamePrefix: prefix })) {
          this.stats.calls++;
          for (const g of page.logGroups ?? []) if (g.logGroupName) out.set(g.logGroupName, g.arn ?? '');
        }
        return out;
      })();
      // A failed lookup is retried next time rather than remembered.
      found.catch(() => this.known.delete(prefix));
      this.known.set(prefix, found);
    }
    return found;
  }

  async groupsFor(resources: readonly Resource[]): Promise<LogGroupRef[]> {
    const out: LogGroupRef[] = [];
    const seen = new Set<string>();
    for (const r of resources) {
      for (const c of logGroupCandidates(r)) {
        for (const name of (await this.groupsWithPrefix(c.prefix)).keys()) {
          if ((c.exact && name !== c.prefix) || seen.has(name)) continue;
          seen.add(name);
          out.push({ logGroup: name, resourceId: r.id });
        }
      }
    }
    return out;
  }

  async read(logGroup: string, start: number, end: number, budget: LogBudget): Promise<LogRead> {
    const events: Array<readonly [number, string]> = [];
    let bytes = 0;
    if (!(end > start)) return { events, bytes, truncated: false };
    const input = { logGroupName: logGroup, startTime: start, endTime: end - 1, limit: Math.max(1, Math.min(MAX_PAGE, budget.maxLines)) };
    for await (const page of paginateFilterLogEvents({ client: this.client }, input)) {
      this.stats.calls++;
      for (const e of page.events ?? []) {
        const m = e.message ?? '';
        if (events.length >= budget.maxLines || bytes + m.length > budget.maxBytes) {
          this.stats.truncated++;
          return this.done(events, bytes, true);
        }
        events.push([e.timestamp ?? start, m]);
        bytes += m.length;
      }
    }
    return this.done(events, bytes, false);
  }

  private done(events: Array<readonly [number, string]>, bytes: number, truncated: boolean): LogRead {
    this.stats.lines += events.length;
    this.stats.bytes += bytes;
    return { events: events.sort((a, b) => a[0] - b[0]), bytes, truncated };
  }

  async detectorAnomalies(logGroup: string, start: number, end: number): Promise<LogAnomaly[]> {
    const arn = await this.arnOf(logGroup);
    if (!arn) return [];
    const out: LogAnomaly[] = [];
    for await (const page of paginateListLogAnomalyDetectors({ client: this.client }, { filterLogGroupArn: arn })) {
      this.stats.calls++;
      for (const d of page.anomalyDetectors ?? []) {
        if (!d.anomalyDetectorArn) continue;
        for await (const p of paginateListAnomalies({ client: this.client }, { anomalyDetectorArn: d.anomalyDetectorArn, suppressionState: 'UNSUPPRESSED' })) {
          this.stats.calls++;
          for (const a of p.anomalies ?? []) if ((a.lastSeen ?? 0) >= start && (a.firstSeen ?? Infinity) < end) out.push(fromDetectorAnomaly(a, logGroup, start));
        }
      }
    }
    return out;
  }

  /** The ARN of a group already found by `groupsFor` (the detectors are listed by group ARN, without the trailing `:*`). */
  private async arnOf(logGroup: string): Promise<string | undefined> {
    for (const found of this.known.values()) {
      const arn = (await found.catch(() => new Map<string, string>())).get(logGroup);
      if (arn) return arn.replace(/:\*$/, '');
    }
    return undefined;
  }
}
