import { describe, expect, it } from 'vitest';
import { baseEventName, classifyCloudTrail, EVENT_RULES, eventImpact, type EventClass } from '../../../src/core';

// Expected classes follow the event class definitions in src/core/events/classify.ts; event
// names are the CloudTrail eventName values documented in each service's API reference.
const CASES: ReadonlyArray<readonly [string, string, EventClass]> = [
  ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', 'DEPLOYMENT'],
  ['lambda.amazonaws.com', 'UpdateAlias20150331', 'DEPLOYMENT'],
  ['lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', 'CONFIG_CHANGE'],
  ['lambda.amazonaws.com', 'PutFunctionConcurrency20171031', 'CONFIG_CHANGE'],
  ['lambda.amazonaws.com', 'AddPermission20150331v2', 'SECURITY_CHANGE'],
  ['lambda.amazonaws.com', 'DeleteFunction20150331', 'INFRASTRUCTURE'],
  ['apigateway.amazonaws.com', 'CreateDeployment', 'DEPLOYMENT'],
  ['apigateway.amazonaws.com', 'UpdateStage', 'CONFIG_CHANGE'],
  ['apigateway.amazonaws.com', 'UpdateAuthorizer', 'SECURITY_CHANGE'],
  ['dynamodb.amazonaws.com', 'UpdateTable', 'SCHEMA_CHANGE'],
  ['dynamodb.amazonaws.com', 'UpdateTimeToLive', 'CONFIG_CHANGE'],
  ['dynamodb.amazonaws.com', 'CreateTable', 'INFRASTRUCTURE'],
  ['sqs.amazonaws.com', 'SetQueueAttributes', 'CONFIG_CHANGE'],
  ['sqs.amazonaws.com', 'AddPermission', 'SECURITY_CHANGE'],
  ['sqs.amazonaws.com', 'PurgeQueue', 'INFRASTRUCTURE'],
  ['sns.amazonaws.com', 'Subscribe', 'CONFIG_CHANGE'],
  ['sns.amazonaws.com', 'DeleteTopic', 'INFRASTRUCTURE'],
  ['rds.amazonaws.com', 'ModifyDBInstance', 'CONFIG_CHANGE'],
  ['rds.amazonaws.com', 'ModifyDBParameterGroup', 'CONFIG_CHANGE'],
  ['rds.amazonaws.com', 'RebootDBInstance', 'INFRASTRUCTURE'],
  ['rds.amazonaws.com', 'FailoverDBCluster', 'INFRASTRUCTURE'],
  ['ec2.amazonaws.com', 'RunInstances', 'INFRASTRUCTURE'],
  ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', 'SECURITY_CHANGE'],
  ['ec2.amazonaws.com', 'ModifyInstanceAttribute', 'CONFIG_CHANGE'],
  ['autoscaling.amazonaws.com', 'UpdateAutoScalingGroup', 'CONFIG_CHANGE'],
  ['autoscaling.amazonaws.com', 'StartInstanceRefresh', 'DEPLOYMENT'],
  ['ecs.amazonaws.com', 'UpdateService', 'DEPLOYMENT'],
  ['ecs.amazonaws.com', 'RegisterTaskDefinition', 'CONFIG_CHANGE'],
  ['ecs.amazonaws.com', 'DeleteService', 'INFRASTRUCTURE'],
  ['elasticloadbalancing.amazonaws.com', 'ModifyListener', 'CONFIG_CHANGE'],
  ['elasticloadbalancing.amazonaws.com', 'DeregisterTargets', 'INFRASTRUCTURE'],
  ['elasticloadbalancing.amazonaws.com', 'SetSecurityGroups', 'SECURITY_CHANGE'],
  ['iam.amazonaws.com', 'AttachRolePolicy', 'SECURITY_CHANGE'],
  ['iam.amazonaws.com', 'UpdateAssumeRolePolicy', 'SECURITY_CHANGE'],
  ['iam.amazonaws.com', 'CreateUser', 'SECURITY_CHANGE'],
  ['cloudformation.amazonaws.com', 'UpdateStack', 'DEPLOYMENT'],
  ['cloudformation.amazonaws.com', 'ExecuteChangeSet', 'DEPLOYMENT'],
  ['cloudformation.amazonaws.com', 'CreateStack', 'INFRASTRUCTURE'],
  ['application-autoscaling.amazonaws.com', 'PutScalingPolicy', 'CONFIG_CHANGE'],
  ['ssm.amazonaws.com', 'PutParameter', 'CONFIG_CHANGE'],
];

describe('classifyCloudTrail', () => {
  it.each(CASES)('%s %s → %s', (source, name, cls) => {
    expect(classifyCloudTrail(source, name)).toBe(cls);
  });

  it('covers every service the brief names', () => {
    const sources = new Set(EVENT_RULES.map((r) => r.source));
    for (const s of ['lambda', 'apigateway', 'dynamodb', 'sqs', 'sns', 'rds', 'ec2', 'autoscaling', 'ecs', 'elasticloadbalancing', 'iam', 'cloudformation']) {
      expect(sources.has(`${s}.amazonaws.com`)).toBe(true);
    }
  });

  it('refines ambiguous events with request parameters', () => {
    expect(classifyCloudTrail('dynamodb.amazonaws.com', 'UpdateTable', { tableName: 't', provisionedThroughput: { writeCapacityUnits: 5 } })).toBe('CONFIG_CHANGE');
    expect(classifyCloudTrail('dynamodb.amazonaws.com', 'UpdateTable', { tableName: 't', globalSecondaryIndexUpdates: [] })).toBe('SCHEMA_CHANGE');
    expect(classifyCloudTrail('ecs.amazonaws.com', 'UpdateService', { service: 's', desiredCount: 4 })).toBe('CONFIG_CHANGE');
    expect(classifyCloudTrail('ecs.amazonaws.com', 'UpdateService', { service: 's', forceNewDeployment: true })).toBe('DEPLOYMENT');
    expect(classifyCloudTrail('sqs.amazonaws.com', 'SetQueueAttributes', { attributes: { Policy: '{}' } })).toBe('SECURITY_CHANGE');
    expect(classifyCloudTrail('sqs.amazonaws.com', 'SetQueueAttributes', { attributes: { VisibilityTimeout: '30' } })).toBe('CONFIG_CHANGE');
  });

  it('falls back by source, then by name pattern', () => {
    expect(classifyCloudTrail('kms.amazonaws.com', 'ScheduleKeyDeletion')).toBe('SECURITY_CHANGE');
    expect(classifyCloudTrail('example.amazonaws.com', 'PutBucketPolicy')).toBe('SECURITY_CHANGE');
    expect(classifyCloudTrail('example.amazonaws.com', 'StopWidget')).toBe('INFRASTRUCTURE');
    expect(classifyCloudTrail('example.amazonaws.com', 'ModifyWidget')).toBe('CONFIG_CHANGE');
    expect(classifyCloudTrail('lambda.amazonaws.com', 'TagResource')).toBe('CONFIG_CHANGE');
  });

  it('strips API version suffixes and weighs tagging as implausible causes', () => {
    expect(baseEventName('UpdateFunctionCode20150331v2')).toBe('UpdateFunctionCode');
    expect(baseEventName('PutFunctionConcurrency20171031')).toBe('PutFunctionConcurrency');
    expect(eventImpact('lambda.amazonaws.com', 'TagResource')).toBeLessThan(0.2);
    expect(eventImpact('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2')).toBe(1);
  });
});
