/**
 * The SDK clients and collectors of one member scope (account and region), created on first
 * use and kept for the life of the process. Every client takes the account's assumed-role
 * credentials and the SDK's retry strategy (`SDK_RETRY`). Quotas are per account and region,
 * so each scope has its own GetMetricData bucket (at the rate the process has in its own
 * account) and its own CloudTrail bucket (2 TPS).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { scopeKey, type EventSource, type LogSource, type MetricSource } from '../../core';
import { CloudTrailEventSource, CloudWatchLogsSource, CloudWatchMetricSource, CodeDeployEventSource, CombinedEventSource, type MetricIssue } from '../collect';
import { SDK_RETRY, TokenBucket, realTimer, type Timer } from '../throttle';
import type { MemberCredentials } from './credentials';

/** Where a member's records live. */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

export interface ScopeClients {
  readonly cloudwatch: CloudWatchClient;
  readonly cloudformation: CloudFormationClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly cloudtrail: CloudTrailClient;
  readonly codedeploy: CodeDeployClient;
  readonly logs: CloudWatchLogsClient;
}

export interface ScopeCollectors {
  readonly clients: ScopeClients;
  /** GetMetricData in the scope, paced by the scope's own bucket. */
  readonly metrics: MetricSource;
  /** CloudTrail and CodeDeploy in the scope. */
  readonly events: EventSource;
  /** CloudWatch Logs in the scope (log evidence). */
  readonly logs: LogSource;
}

export interface MemberClientsOptions {
  /** GetMetricData calls a second this process makes in each scope. @default 25 */
  readonly getMetricDataTps?: number;
  readonly timer?: Timer;
  /** Wraps every client built (X-Ray tracing in the functions). */
  readonly wrap?: <C>(client: C) => C;
  readonly onMetricIssue?: (scope: Scope, issue: MetricIssue) => void;
}

export class MemberClients {
  private readonly scopes = new Map<string, ScopeCollectors>();

  constructor(
    readonly credentials: MemberCredentials,
    private readonly options: MemberClientsOptions = {},
  ) {}

  /** The scope's collectors (the same objects on every call). */
  for(scope: Scope): ScopeCollectors {
    const key = scopeKey(scope.accountId, scope.region);
    let found = this.scopes.get(key);
    if (!found) {
      found = this.build(scope);
      this.scopes.set(key, found);
    }
    return found;
  }

  private build(scope: Scope): ScopeCollectors {
    const config = { ...SDK_RETRY, region: scope.region, credentials: this.credentials.provider(scope.accountId) };
    const wrap = this.options.wrap ?? (<C>(c: C) => c);
    const clients: ScopeClients = {
      cloudwatch: wrap(new CloudWatchClient(config)),
      cloudformation: wrap(new CloudFormationClient(config)),
      tagging: wrap(new ResourceGroupsTaggingAPIClient(config)),
      cloudtrail: wrap(new CloudTrailClient(config)),
      codedeploy: wrap(new CodeDeployClient(config)),
      logs: wrap(new CloudWatchLogsClient(config)),
    };
    const timer = this.options.timer ?? realTimer;
    const bucket = new TokenBucket({ ratePerSecond: this.options.getMetricDataTps ?? 25, timer });
    const onIssue = this.options.onMetricIssue;
    const metrics = new CloudWatchMetricSource(clients.cloudwatch, { timer, bucket, ...(onIssue ? { onIssue: (issue: MetricIssue) => onIssue(scope, issue) } : {}) });
    const events = new CombinedEventSource([new CloudTrailEventSource(clients.cloudtrail, { timer }), new CodeDeployEventSource(clients.codedeploy, { timer })]);
    return { clients, metrics, events, logs: new CloudWatchLogsSource(clients.logs) };
  }
}
