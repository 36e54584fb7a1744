import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/core/recommend';
import type { Anomaly, Insight, OpsEvent } from '../../../src/core/model';
import { anomaly as an, event as ev, insight } from './fixtures';

interface Case {
  readonly type?: Insight['type'];
  readonly anomalies: Anomaly[];
  readonly events?: OpsEvent[];
}

const deploy = (res = 'res-1') => ev('DEPLOYMENT', 'codedeploy.amazonaws.com', 'Deployment d-1', res);
/** Unrelated evidence every rule must ignore. */
const unrelated: Case = { anomalies: [an('AWS/Route53', 'HealthCheckStatus', 'BELOW')], events: [ev('INFRASTRUCTURE', 'ec2.amazonaws.com', 'RunInstances', 'other')] };

/** For each rule: evidence that fires it, and a near miss that must not. */
const TABLE: Record<string, { fires: Case; nearMiss: Case }> = {
  'lambda-deployment-rollback': {
    fires: { anomalies: [an('AWS/Lambda', 'Errors')], events: [deploy()] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'Errors')], events: [deploy('another-function')] },
  },
  'lambda-config-change-revert': {
    fires: { anomalies: [an('AWS/Lambda', 'Duration')], events: [ev('CONFIG_CHANGE', 'lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2')] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'Duration')], events: [ev('CONFIG_CHANGE', 'dynamodb.amazonaws.com', 'TagResource')] },
  },
  'lambda-errors-investigate': {
    fires: { anomalies: [an('AWS/Lambda', 'Errors')] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'Errors', 'BELOW')] },
  },
  'lambda-throttles-concurrency': {
    fires: { anomalies: [an('AWS/Lambda', 'Throttles')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('AWS/Lambda', 'Throttles')] },
  },
  'lambda-concurrency-quota': {
    fires: { type: 'PROACTIVE', anomalies: [an('AWS/Lambda', 'ConcurrentExecutions')] },
    nearMiss: { type: 'REACTIVE', anomalies: [an('AWS/Lambda', 'ConcurrentExecutions')] },
  },
  'lambda-duration-memory': {
    fires: { anomalies: [an('AWS/Lambda', 'Duration')] },
    nearMiss: { anomalies: [an('AWS/ApiGateway', 'Latency')] },
  },
  'lambda-timeout-review': {
    fires: { anomalies: [an('AWS/Lambda', 'Errors'), an('AWS/Lambda', 'Duration')] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'Errors')] },
  },
  'lambda-iterator-age': {
    fires: { anomalies: [an('AWS/Lambda', 'IteratorAge')] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'IteratorAge', 'BELOW')] },
  },
  'lambda-async-failures': {
    fires: { anomalies: [an('AWS/Lambda', 'DeadLetterErrors')] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'Invocations')] },
  },
  'apigw-5xx-integration': {
    fires: { anomalies: [an('AWS/ApiGateway', '5XXError')] },
    nearMiss: { anomalies: [an('AWS/ApiGateway', 'Count')] },
  },
  'apigw-latency-cache': {
    fires: { anomalies: [an('AWS/ApiGateway', 'IntegrationLatency')] },
    nearMiss: { anomalies: [an('AWS/ApiGateway', 'Latency', 'BELOW')] },
  },
  'apigw-4xx-throttling': {
    fires: { anomalies: [an('AWS/ApiGateway', '4XXError')] },
    nearMiss: { anomalies: [an('AWS/ApiGateway', '5XXError')] },
  },
  'apigw-deployment-canary': {
    fires: { anomalies: [an('AWS/ApiGateway', '5XXError')], events: [ev('DEPLOYMENT', 'apigateway.amazonaws.com', 'CreateDeployment')] },
    nearMiss: { anomalies: [an('AWS/ApiGateway', '5XXError')], events: [deploy()] },
  },
  'dynamodb-throttling-autoscaling': {
    fires: { anomalies: [an('AWS/DynamoDB', 'WriteThrottleEvents')] },
    nearMiss: { anomalies: [an('AWS/DynamoDB', 'ConsumedWriteCapacityUnits')] },
  },
  'dynamodb-capacity-mode': {
    fires: { anomalies: [an('AWS/DynamoDB', 'ReadThrottleEvents')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('AWS/DynamoDB', 'ReadThrottleEvents')] },
  },
  'dynamodb-capacity-forecast': {
    fires: { type: 'PROACTIVE', anomalies: [an('AWS/DynamoDB', 'ConsumedReadCapacityUnits')] },
    nearMiss: { type: 'REACTIVE', anomalies: [an('AWS/DynamoDB', 'ConsumedReadCapacityUnits')] },
  },
  'dynamodb-latency-partition': {
    fires: { anomalies: [an('AWS/DynamoDB', 'SuccessfulRequestLatency')] },
    nearMiss: { anomalies: [an('AWS/DynamoDB', 'SuccessfulRequestLatency', 'BELOW')] },
  },
  'dynamodb-system-errors': {
    fires: { anomalies: [an('AWS/DynamoDB', 'SystemErrors')] },
    nearMiss: { anomalies: [an('AWS/DynamoDB', 'UserErrors')] },
  },
  'dynamodb-schema-change': {
    fires: { anomalies: [an('AWS/DynamoDB', 'WriteThrottleEvents')], events: [ev('SCHEMA_CHANGE', 'dynamodb.amazonaws.com', 'UpdateTable')] },
    nearMiss: { anomalies: [an('AWS/DynamoDB', 'WriteThrottleEvents')] },
  },
  'sqs-backlog-consumers': {
    fires: { anomalies: [an('AWS/SQS', 'ApproximateAgeOfOldestMessage')] },
    nearMiss: { anomalies: [an('AWS/SQS', 'NumberOfMessagesDeleted', 'BELOW')] },
  },
  'sqs-retention-forecast': {
    fires: { type: 'PROACTIVE', anomalies: [an('AWS/SQS', 'ApproximateAgeOfOldestMessage')] },
    nearMiss: { type: 'REACTIVE', anomalies: [an('AWS/SQS', 'ApproximateAgeOfOldestMessage')] },
  },
  'sqs-dlq-redrive': {
    fires: { anomalies: [an('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'ABOVE', { resourceName: 'orders-dlq' })] },
    nearMiss: { anomalies: [an('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'ABOVE', { resourceName: 'orders' })] },
  },
  'sqs-visibility-timeout': {
    fires: { anomalies: [an('AWS/SQS', 'ApproximateNumberOfMessagesNotVisible')] },
    nearMiss: { anomalies: [an('AWS/SQS', 'ApproximateNumberOfMessagesVisible')] },
  },
  'kinesis-iterator-age': {
    fires: { anomalies: [an('AWS/Kinesis', 'GetRecords.IteratorAgeMilliseconds')] },
    nearMiss: { anomalies: [an('AWS/Kinesis', 'IncomingRecords')] },
  },
  'kinesis-throughput-exceeded': {
    fires: { anomalies: [an('AWS/Kinesis', 'WriteProvisionedThroughputExceeded')] },
    nearMiss: { anomalies: [an('AWS/Kinesis', 'WriteProvisionedThroughputExceeded', 'BELOW')] },
  },
  'rds-storage-autoscaling': {
    fires: { type: 'PROACTIVE', anomalies: [an('AWS/RDS', 'FreeStorageSpace', 'BELOW')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('AWS/RDS', 'FreeStorageSpace', 'ABOVE')] },
  },
  'rds-storage-low': {
    fires: { anomalies: [an('AWS/RDS', 'FreeStorageSpace', 'BELOW')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('AWS/RDS', 'FreeStorageSpace', 'BELOW')] },
  },
  'rds-cpu-performance-insights': {
    fires: { anomalies: [an('AWS/RDS', 'CPUUtilization')] },
    nearMiss: { anomalies: [an('AWS/EC2', 'CPUUtilization')] },
  },
  'rds-connections-proxy': {
    fires: { anomalies: [an('AWS/RDS', 'DatabaseConnections')] },
    nearMiss: { anomalies: [an('AWS/RDS', 'DatabaseConnections', 'BELOW')] },
  },
  'rds-io-latency': {
    fires: { anomalies: [an('AWS/RDS', 'WriteLatency')] },
    nearMiss: { anomalies: [an('AWS/DynamoDB', 'SuccessfulRequestLatency')] },
  },
  'rds-memory-pressure': {
    fires: { anomalies: [an('AWS/RDS', 'FreeableMemory', 'BELOW')] },
    nearMiss: { anomalies: [an('AWS/RDS', 'FreeableMemory', 'ABOVE')] },
  },
  'rds-config-change': {
    fires: { anomalies: [an('AWS/RDS', 'CPUUtilization')], events: [ev('CONFIG_CHANGE', 'rds.amazonaws.com', 'ModifyDBInstance')] },
    nearMiss: { anomalies: [an('AWS/RDS', 'CPUUtilization')], events: [ev('CONFIG_CHANGE', 'rds.amazonaws.com', 'ModifyDBInstance', 'other-db')] },
  },
  'ec2-disk-extend': {
    fires: { type: 'PROACTIVE', anomalies: [an('CWAgent', 'disk_used_percent')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('CWAgent', 'mem_used_percent')] },
  },
  'ec2-disk-cleanup': {
    fires: { anomalies: [an('CWAgent', 'disk_used_percent')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('CWAgent', 'disk_used_percent')] },
  },
  'ec2-memory-leak': {
    fires: { type: 'PROACTIVE', anomalies: [an('CWAgent', 'mem_used_percent')] },
    nearMiss: { type: 'PROACTIVE', anomalies: [an('CWAgent', 'disk_used_percent')] },
  },
  'ec2-memory-resize': {
    fires: { anomalies: [an('CWAgent', 'mem_used_percent')] },
    nearMiss: { anomalies: [an('CWAgent', 'mem_used_percent', 'BELOW')] },
  },
  'ec2-cpu-autoscaling': {
    fires: { anomalies: [an('AWS/EC2', 'CPUUtilization')] },
    nearMiss: { anomalies: [an('AWS/ECS', 'CPUUtilization')] },
  },
  'ec2-status-check': {
    fires: { anomalies: [an('AWS/EC2', 'StatusCheckFailed_System')] },
    nearMiss: { anomalies: [an('AWS/EC2', 'NetworkIn')] },
  },
  'ecs-deployment-circuit-breaker': {
    fires: { anomalies: [an('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count')], events: [ev('DEPLOYMENT', 'ecs.amazonaws.com', 'UpdateService', 'web-svc')] },
    nearMiss: { anomalies: [an('AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count')], events: [ev('CONFIG_CHANGE', 'ecs.amazonaws.com', 'TagResource', 'web-svc')] },
  },
  'ecs-cpu-autoscaling': {
    fires: { anomalies: [an('AWS/ECS', 'CPUUtilization')] },
    nearMiss: { anomalies: [an('AWS/ECS', 'CPUUtilization', 'BELOW')] },
  },
  'ecs-memory-task-size': {
    fires: { anomalies: [an('AWS/ECS', 'MemoryUtilization')] },
    nearMiss: { anomalies: [an('CWAgent', 'mem_used_percent')] },
  },
  'elb-5xx-troubleshoot': {
    fires: { anomalies: [an('AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count')] },
    nearMiss: { anomalies: [an('AWS/ApplicationELB', 'HTTPCode_Target_4XX_Count')] },
  },
  'elb-unhealthy-targets': {
    fires: { anomalies: [an('AWS/ApplicationELB', 'HealthyHostCount', 'BELOW')] },
    nearMiss: { anomalies: [an('AWS/ApplicationELB', 'HealthyHostCount', 'ABOVE')] },
  },
  'elb-latency-targets': {
    fires: { anomalies: [an('AWS/ApplicationELB', 'TargetResponseTime')] },
    nearMiss: { anomalies: [an('AWS/ApplicationELB', 'RequestCount')] },
  },
  'iam-security-change': {
    fires: { anomalies: [an('AWS/Lambda', 'Errors')], events: [ev('SECURITY_CHANGE', 'iam.amazonaws.com', 'PutRolePolicy', 'checkout-role')] },
    nearMiss: { anomalies: [an('AWS/Lambda', 'Duration')], events: [ev('SECURITY_CHANGE', 'iam.amazonaws.com', 'PutRolePolicy', 'checkout-role')] },
  },
};

const ctx = (c: Case) => ({ insight: insight(c.type ?? 'REACTIVE'), anomalies: c.anomalies, events: c.events ?? [] });

describe('recommendation rules', () => {
  it('every catalog rule has a test case', () => {
    expect(Object.keys(TABLE).sort()).toEqual(CATALOG.map((r) => r.id).sort());
  });

  describe.each(CATALOG.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const cases = TABLE[id]!;
    it('fires on its evidence, citing it', () => {
      const c = ctx(cases.fires);
      expect(rule.matches(c)).toBe(true);
      const rec = rule.recommend(c);
      expect(rec.name).toBe(rule.name);
      expect(rec.link).toBe(rule.link);
      expect(rec.relatedAnomalies.length).toBeGreaterThan(0);
      for (const a of rec.relatedAnomalies) expect(c.anomalies.map((x) => x.id)).toContain(a);
      const cited = c.anomalies.find((a) => a.id === rec.relatedAnomalies[0])!;
      expect(rec.reason).toContain(cited.series.metricName);
      expect(rec.reason).toContain(cited.resourceName);
      if (cases.fires.events?.length && rec.relatedEvents.length) {
        const e = c.events.find((x) => x.id === rec.relatedEvents[0])!;
        expect(rec.reason).toContain(e.dataSource === 'CODE_DEPLOY' ? 'CodeDeploy deployment' : e.name);
      }
    });
    it('does not fire on a near miss', () => {
      expect(rule.matches(ctx(cases.nearMiss))).toBe(false);
    });
    it('does not fire on unrelated evidence', () => {
      expect(rule.matches(ctx(unrelated))).toBe(false);
      expect(() => rule.recommend(ctx(unrelated))).toThrow(/does not apply/);
    });
  });

  it('event-backed rules list the events they matched', () => {
    const rule = CATALOG.find((r) => r.id === 'lambda-deployment-rollback')!;
    const d = deploy();
    const rec = rule.recommend(ctx({ anomalies: [an('AWS/Lambda', 'Errors')], events: [d, deploy('elsewhere')] }));
    expect(rec.relatedEvents).toEqual([d.id]);
    expect(rec.reason).toMatch(/Relevant change: CodeDeploy deployment on res-1 at 2026-11-19 13:54 UTC/);
  });
});
