/**
 * Builds the core ports from AWS SDK clients for a coverage. Clients are injected so tests
 * can pass mocked ones.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CyclePorts, Notifier } from '../core';
import { CloudTrailEventSource } from './collect/cloudtrail-source';
import { CloudWatchMetricSource } from './collect/cloudwatch-source';
import { StackCatalog } from './coverage/stack-catalog';
import { DynamoStore } from './store/dynamo-store';

export interface AwsClients {
  readonly cloudwatch: CloudWatchClient;
  readonly cloudtrail: CloudTrailClient;
  readonly cloudformation: CloudFormationClient;
  readonly dynamodb: DynamoDBClient;
}

export function defaultClients(region?: string): AwsClients {
  const common = { region, retryMode: 'adaptive' as const, maxAttempts: 5 };
  return {
    cloudwatch: new CloudWatchClient(common),
    cloudtrail: new CloudTrailClient(common),
    cloudformation: new CloudFormationClient(common),
    dynamodb: new DynamoDBClient(common),
  };
}

export interface AwsPortsConfig {
  readonly tableName: string;
  readonly stacks: readonly string[];
  readonly notifier: Notifier;
  readonly retentionDays?: number;
}

export function awsPorts(clients: AwsClients, config: AwsPortsConfig): CyclePorts {
  const store = new DynamoStore({ client: clients.dynamodb, tableName: config.tableName, retentionDays: config.retentionDays });
  return {
    metrics: new CloudWatchMetricSource(clients.cloudwatch),
    events: new CloudTrailEventSource(clients.cloudtrail),
    catalog: new StackCatalog(clients.cloudformation, config.stacks),
    insights: store,
    state: store,
    notifier: config.notifier,
  };
}
