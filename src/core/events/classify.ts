/**
 * Classifies CloudTrail management events into Opsight event classes through a mapping table
 * keyed by event source and event name, with per-source fallbacks and a generic fallback by
 * name pattern. The table is data: add a row to teach Opsight a new event.
 *
 * Classes (DevOps Guru's vocabulary):
 * - DEPLOYMENT: new code or a new revision goes live (Lambda code/alias, API stage deployment,
 *   ECS service roll, CloudFormation stack update, instance refresh, AppConfig deployment).
 * - CONFIG_CHANGE: a setting of a running resource changes (memory, concurrency, capacity,
 *   queue attributes, parameter groups, listener rules, scaling policies, parameters).
 * - SECURITY_CHANGE: who may do what changes (IAM, resource policies, security groups, keys).
 * - SCHEMA_CHANGE: the shape of stored data changes (DynamoDB indexes and attributes).
 * - INFRASTRUCTURE: resources are created, deleted, started, stopped or rebooted.
 */
import type { EventClass } from '../model';

/** One service's rows of the mapping table. */
export interface ServiceEventRules {
  /** CloudTrail `eventSource`, e.g. `lambda.amazonaws.com`. */
  readonly source: string;
  /** Exact event names (API version suffixes such as `20150331v2` removed) and their class. */
  readonly events: Readonly<Record<string, EventClass>>;
  /** Class for other write events of this source; omitted: use the generic name patterns. */
  readonly fallback?: EventClass;
}

/** The mapping table. Names follow the CloudTrail `eventName` of each service's API. */
export const EVENT_RULES: readonly ServiceEventRules[] = [
  {
    source: 'lambda.amazonaws.com',
    events: {
      UpdateFunctionCode: 'DEPLOYMENT',
      PublishVersion: 'DEPLOYMENT',
      UpdateAlias: 'DEPLOYMENT',
      CreateAlias: 'DEPLOYMENT',
      PublishLayerVersion: 'DEPLOYMENT',
      UpdateFunctionConfiguration: 'CONFIG_CHANGE',
      PutFunctionConcurrency: 'CONFIG_CHANGE',
      DeleteFunctionConcurrency: 'CONFIG_CHANGE',
      PutProvisionedConcurrencyConfig: 'CONFIG_CHANGE',
      DeleteProvisionedConcurrencyConfig: 'CONFIG_CHANGE',
      UpdateEventSourceMapping: 'CONFIG_CHANGE',
      PutFunctionEventInvokeConfig: 'CONFIG_CHANGE',
      UpdateFunctionEventInvokeConfig: 'CONFIG_CHANGE',
      PutFunctionRecursionConfig: 'CONFIG_CHANGE',
      AddPermission: 'SECURITY_CHANGE',
      RemovePermission: 'SECURITY_CHANGE',
      UpdateFunctionUrlConfig: 'SECURITY_CHANGE',
      CreateFunctionUrlConfig: 'SECURITY_CHANGE',
      PutFunctionCodeSigningConfig: 'SECURITY_CHANGE',
      CreateFunction: 'INFRASTRUCTURE',
      DeleteFunction: 'INFRASTRUCTURE',
      CreateEventSourceMapping: 'INFRASTRUCTURE',
      DeleteEventSourceMapping: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'apigateway.amazonaws.com',
    events: {
      CreateDeployment: 'DEPLOYMENT',
      UpdateDeployment: 'DEPLOYMENT',
      UpdateStage: 'CONFIG_CHANGE',
      UpdateMethod: 'CONFIG_CHANGE',
      PutMethod: 'CONFIG_CHANGE',
      UpdateIntegration: 'CONFIG_CHANGE',
      PutIntegration: 'CONFIG_CHANGE',
      UpdateIntegrationResponse: 'CONFIG_CHANGE',
      UpdateRoute: 'CONFIG_CHANGE',
      UpdateRestApi: 'CONFIG_CHANGE',
      UpdateApi: 'CONFIG_CHANGE',
      UpdateUsagePlan: 'CONFIG_CHANGE',
      PutRestApi: 'CONFIG_CHANGE',
      ImportRestApi: 'CONFIG_CHANGE',
      CreateAuthorizer: 'SECURITY_CHANGE',
      UpdateAuthorizer: 'SECURITY_CHANGE',
      DeleteAuthorizer: 'SECURITY_CHANGE',
      UpdateApiKey: 'SECURITY_CHANGE',
      CreateApiKey: 'SECURITY_CHANGE',
      DeleteApiKey: 'SECURITY_CHANGE',
      CreateRestApi: 'INFRASTRUCTURE',
      DeleteRestApi: 'INFRASTRUCTURE',
      CreateStage: 'INFRASTRUCTURE',
      DeleteStage: 'INFRASTRUCTURE',
    },
    fallback: 'CONFIG_CHANGE',
  },
  {
    source: 'dynamodb.amazonaws.com',
    events: {
      UpdateTable: 'SCHEMA_CHANGE',
      UpdateTimeToLive: 'CONFIG_CHANGE',
      UpdateContinuousBackups: 'CONFIG_CHANGE',
      UpdateTableReplicaAutoScaling: 'CONFIG_CHANGE',
      UpdateGlobalTable: 'CONFIG_CHANGE',
      UpdateGlobalTableSettings: 'CONFIG_CHANGE',
      UpdateKinesisStreamingDestination: 'CONFIG_CHANGE',
      PutResourcePolicy: 'SECURITY_CHANGE',
      DeleteResourcePolicy: 'SECURITY_CHANGE',
      CreateTable: 'INFRASTRUCTURE',
      DeleteTable: 'INFRASTRUCTURE',
      CreateGlobalTable: 'INFRASTRUCTURE',
      RestoreTableFromBackup: 'INFRASTRUCTURE',
      RestoreTableToPointInTime: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'application-autoscaling.amazonaws.com',
    events: {},
    fallback: 'CONFIG_CHANGE',
  },
  {
    source: 'sqs.amazonaws.com',
    events: {
      SetQueueAttributes: 'CONFIG_CHANGE',
      AddPermission: 'SECURITY_CHANGE',
      RemovePermission: 'SECURITY_CHANGE',
      CreateQueue: 'INFRASTRUCTURE',
      DeleteQueue: 'INFRASTRUCTURE',
      PurgeQueue: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'sns.amazonaws.com',
    events: {
      SetTopicAttributes: 'CONFIG_CHANGE',
      SetSubscriptionAttributes: 'CONFIG_CHANGE',
      Subscribe: 'CONFIG_CHANGE',
      Unsubscribe: 'CONFIG_CHANGE',
      AddPermission: 'SECURITY_CHANGE',
      RemovePermission: 'SECURITY_CHANGE',
      CreateTopic: 'INFRASTRUCTURE',
      DeleteTopic: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'rds.amazonaws.com',
    events: {
      ModifyDBInstance: 'CONFIG_CHANGE',
      ModifyDBCluster: 'CONFIG_CHANGE',
      ModifyDBParameterGroup: 'CONFIG_CHANGE',
      ModifyDBClusterParameterGroup: 'CONFIG_CHANGE',
      ResetDBParameterGroup: 'CONFIG_CHANGE',
      ModifyOptionGroup: 'CONFIG_CHANGE',
      ModifyDBProxy: 'CONFIG_CHANGE',
      ModifyDBSnapshotAttribute: 'SECURITY_CHANGE',
      AuthorizeDBSecurityGroupIngress: 'SECURITY_CHANGE',
      RevokeDBSecurityGroupIngress: 'SECURITY_CHANGE',
      ApplyPendingMaintenanceAction: 'INFRASTRUCTURE',
      RebootDBInstance: 'INFRASTRUCTURE',
      FailoverDBCluster: 'INFRASTRUCTURE',
      CreateDBInstance: 'INFRASTRUCTURE',
      DeleteDBInstance: 'INFRASTRUCTURE',
      StartDBInstance: 'INFRASTRUCTURE',
      StopDBInstance: 'INFRASTRUCTURE',
      CreateDBCluster: 'INFRASTRUCTURE',
      DeleteDBCluster: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'ec2.amazonaws.com',
    events: {
      RunInstances: 'INFRASTRUCTURE',
      TerminateInstances: 'INFRASTRUCTURE',
      StartInstances: 'INFRASTRUCTURE',
      StopInstances: 'INFRASTRUCTURE',
      RebootInstances: 'INFRASTRUCTURE',
      ModifyInstanceAttribute: 'CONFIG_CHANGE',
      ModifyVolume: 'CONFIG_CHANGE',
      CreateLaunchTemplateVersion: 'CONFIG_CHANGE',
      ModifyLaunchTemplate: 'CONFIG_CHANGE',
      CreateRoute: 'CONFIG_CHANGE',
      ReplaceRoute: 'CONFIG_CHANGE',
      DeleteRoute: 'CONFIG_CHANGE',
      AuthorizeSecurityGroupIngress: 'SECURITY_CHANGE',
      AuthorizeSecurityGroupEgress: 'SECURITY_CHANGE',
      RevokeSecurityGroupIngress: 'SECURITY_CHANGE',
      RevokeSecurityGroupEgress: 'SECURITY_CHANGE',
      ModifySecurityGroupRules: 'SECURITY_CHANGE',
      CreateSecurityGroup: 'SECURITY_CHANGE',
      DeleteSecurityGroup: 'SECURITY_CHANGE',
      CreateNetworkAclEntry: 'SECURITY_CHANGE',
      ReplaceNetworkAclEntry: 'SECURITY_CHANGE',
      DeleteNetworkAclEntry: 'SECURITY_CHANGE',
    },
  },
  {
    source: 'autoscaling.amazonaws.com',
    events: {
      StartInstanceRefresh: 'DEPLOYMENT',
      UpdateAutoScalingGroup: 'CONFIG_CHANGE',
      PutScalingPolicy: 'CONFIG_CHANGE',
      DeletePolicy: 'CONFIG_CHANGE',
      PutScheduledUpdateGroupAction: 'CONFIG_CHANGE',
      SetDesiredCapacity: 'CONFIG_CHANGE',
      CreateLaunchConfiguration: 'CONFIG_CHANGE',
      SuspendProcesses: 'CONFIG_CHANGE',
      ResumeProcesses: 'CONFIG_CHANGE',
      CreateAutoScalingGroup: 'INFRASTRUCTURE',
      DeleteAutoScalingGroup: 'INFRASTRUCTURE',
      TerminateInstanceInAutoScalingGroup: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'ecs.amazonaws.com',
    events: {
      UpdateService: 'DEPLOYMENT',
      CreateTaskSet: 'DEPLOYMENT',
      UpdateTaskSet: 'DEPLOYMENT',
      UpdateServicePrimaryTaskSet: 'DEPLOYMENT',
      RegisterTaskDefinition: 'CONFIG_CHANGE',
      DeregisterTaskDefinition: 'CONFIG_CHANGE',
      UpdateCapacityProvider: 'CONFIG_CHANGE',
      PutClusterCapacityProviders: 'CONFIG_CHANGE',
      UpdateClusterSettings: 'CONFIG_CHANGE',
      UpdateCluster: 'CONFIG_CHANGE',
      CreateService: 'INFRASTRUCTURE',
      DeleteService: 'INFRASTRUCTURE',
      CreateCluster: 'INFRASTRUCTURE',
      DeleteCluster: 'INFRASTRUCTURE',
      RunTask: 'INFRASTRUCTURE',
      StopTask: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    events: {
      ModifyListener: 'CONFIG_CHANGE',
      ModifyRule: 'CONFIG_CHANGE',
      CreateRule: 'CONFIG_CHANGE',
      DeleteRule: 'CONFIG_CHANGE',
      SetRulePriorities: 'CONFIG_CHANGE',
      ModifyTargetGroup: 'CONFIG_CHANGE',
      ModifyTargetGroupAttributes: 'CONFIG_CHANGE',
      ModifyLoadBalancerAttributes: 'CONFIG_CHANGE',
      ConfigureHealthCheck: 'CONFIG_CHANGE',
      RegisterTargets: 'INFRASTRUCTURE',
      DeregisterTargets: 'INFRASTRUCTURE',
      RegisterInstancesWithLoadBalancer: 'INFRASTRUCTURE',
      DeregisterInstancesFromLoadBalancer: 'INFRASTRUCTURE',
      SetSecurityGroups: 'SECURITY_CHANGE',
      AddListenerCertificates: 'SECURITY_CHANGE',
      RemoveListenerCertificates: 'SECURITY_CHANGE',
      CreateLoadBalancer: 'INFRASTRUCTURE',
      DeleteLoadBalancer: 'INFRASTRUCTURE',
      CreateTargetGroup: 'INFRASTRUCTURE',
      DeleteTargetGroup: 'INFRASTRUCTURE',
      CreateListener: 'INFRASTRUCTURE',
      DeleteListener: 'INFRASTRUCTURE',
    },
  },
  { source: 'iam.amazonaws.com', events: {}, fallback: 'SECURITY_CHANGE' },
  { source: 'kms.amazonaws.com', events: {}, fallback: 'SECURITY_CHANGE' },
  { source: 'secretsmanager.amazonaws.com', events: {}, fallback: 'SECURITY_CHANGE' },
  { source: 'wafv2.amazonaws.com', events: {}, fallback: 'SECURITY_CHANGE' },
  {
    source: 'cloudformation.amazonaws.com',
    events: {
      UpdateStack: 'DEPLOYMENT',
      ExecuteChangeSet: 'DEPLOYMENT',
      UpdateStackSet: 'DEPLOYMENT',
      ContinueUpdateRollback: 'DEPLOYMENT',
      CancelUpdateStack: 'DEPLOYMENT',
      CreateChangeSet: 'CONFIG_CHANGE',
      UpdateTerminationProtection: 'CONFIG_CHANGE',
      SetStackPolicy: 'SECURITY_CHANGE',
      CreateStack: 'INFRASTRUCTURE',
      DeleteStack: 'INFRASTRUCTURE',
    },
  },
  {
    source: 'codedeploy.amazonaws.com',
    events: { CreateDeployment: 'DEPLOYMENT', StopDeployment: 'DEPLOYMENT', ContinueDeployment: 'DEPLOYMENT' },
    fallback: 'CONFIG_CHANGE',
  },
  { source: 'appconfig.amazonaws.com', events: { StartDeployment: 'DEPLOYMENT', StopDeployment: 'DEPLOYMENT' }, fallback: 'CONFIG_CHANGE' },
  { source: 'ssm.amazonaws.com', events: { PutParameter: 'CONFIG_CHANGE', DeleteParameter: 'CONFIG_CHANGE', SendCommand: 'INFRASTRUCTURE' } },
  { source: 'states.amazonaws.com', events: { UpdateStateMachine: 'DEPLOYMENT', PublishStateMachineVersion: 'DEPLOYMENT' } },
  { source: 'kinesis.amazonaws.com', events: { UpdateShardCount: 'CONFIG_CHANGE', UpdateStreamMode: 'CONFIG_CHANGE' } },
  { source: 'route53.amazonaws.com', events: { ChangeResourceRecordSets: 'CONFIG_CHANGE' } },
  { source: 'events.amazonaws.com', events: { PutRule: 'CONFIG_CHANGE', PutTargets: 'CONFIG_CHANGE', RemoveTargets: 'CONFIG_CHANGE', DisableRule: 'CONFIG_CHANGE' } },
];

const BY_SOURCE = new Map(EVENT_RULES.map((r) => [r.source, r]));

/** Lambda and some other APIs append their API version to event names (`UpdateFunctionCode20150331v2`). */
export function baseEventName(eventName: string): string {
  return eventName.replace(/\d{8}(v\d+)?$/, '');
}

/** Event names that only read (management read events; Opsight looks up write events only). */
export function isReadOnlyEventName(eventName: string): boolean {
  return /^(Get|Describe|List|Head|Lookup|BatchGet|Search|Scan|Query|Select|Check|Validate|Estimate|Preview|Test|Simulate)/.test(baseEventName(eventName));
}

/**
 * Request parameters that refine a class when the name alone is ambiguous:
 * - DynamoDB `UpdateTable` changes the schema only when it touches indexes or attributes; a
 *   capacity, billing, stream or class change is a CONFIG_CHANGE.
 * - ECS `UpdateService` rolls a new deployment only with a task definition or a forced new
 *   deployment; a desired-count change is a CONFIG_CHANGE.
 * - SQS/SNS attribute changes that set a `Policy` change security.
 */
function refine(source: string, name: string, cls: EventClass, params: Record<string, unknown> | undefined): EventClass {
  if (!params) return cls;
  if (source === 'dynamodb.amazonaws.com' && name === 'UpdateTable') {
    return 'globalSecondaryIndexUpdates' in params || 'attributeDefinitions' in params || 'replicaUpdates' in params ? 'SCHEMA_CHANGE' : 'CONFIG_CHANGE';
  }
  if (source === 'ecs.amazonaws.com' && name === 'UpdateService') {
    return 'taskDefinition' in params || params['forceNewDeployment'] === true ? 'DEPLOYMENT' : 'CONFIG_CHANGE';
  }
  if ((source === 'sqs.amazonaws.com' && name === 'SetQueueAttributes') || (source === 'sns.amazonaws.com' && name === 'SetTopicAttributes')) {
    const attrs = params['attributes'];
    const policy = (typeof attrs === 'object' && attrs !== null && 'Policy' in attrs) || params['attributeName'] === 'Policy';
    return policy ? 'SECURITY_CHANGE' : cls;
  }
  return cls;
}

/** Generic fallback by name pattern, for sources and names not in the table. */
function byPattern(name: string): EventClass {
  if (/(Policy|Permission|SecurityGroup|Role|Credential|AccessKey|Certificate|Authoriz)/.test(name)) return 'SECURITY_CHANGE';
  if (/^(Create|Delete|Run|Terminate|Start|Stop|Reboot|Restore|Register|Deregister)/.test(name)) return 'INFRASTRUCTURE';
  return 'CONFIG_CHANGE';
}

/**
 * The class of a CloudTrail management event: the table row for `eventSource` and the event
 * name (API version suffix removed), refined by request parameters when given; else the
 * source's fallback; else a name pattern. O(1).
 */
export function classifyCloudTrail(eventSource: string, eventName: string, requestParameters?: Record<string, unknown>): EventClass {
  const name = baseEventName(eventName);
  const rules = BY_SOURCE.get(eventSource);
  const exact = rules?.events[name];
  if (exact) return refine(eventSource, name, exact, requestParameters);
  if (/^(Tag|Untag)/.test(name)) return 'CONFIG_CHANGE';
  if (rules?.fallback) return rules.fallback;
  return byPattern(name);
}

/**
 * How plausible an event of this kind is as the cause of an operational problem, in [0, 1].
 * Tagging and descriptions never break anything; creating new things rarely breaks old ones.
 * Used as a factor when ranking events; the class weight is applied separately.
 */
export function eventImpact(source: string, eventName: string): number {
  const name = baseEventName(eventName);
  if (/^(Tag|Untag|AddTags|RemoveTags|CreateTags|DeleteTags|ListTags)/.test(name)) return 0.1;
  if (/Description|Documentation|Tags$/.test(name)) return 0.2;
  if (source === 'cloudformation.amazonaws.com' && name === 'CreateChangeSet') return 0.3;
  if (/^Create/.test(name) && !/^Create(Deployment|Alias|TaskSet|SecurityGroup|Route|NetworkAclEntry|Rule)$/.test(name)) return 0.6;
  return 1;
}
