/**
 * Normalises a CloudTrail management event into Opsight's Event. Accepts, as plain objects:
 * - a CloudTrail record (the `Records[]` items of a log file, or the parsed `CloudTrailEvent`
 *   string of LookupEvents): `eventID`, `eventTime`, `eventSource`, `eventName`, `readOnly`,
 *   `userIdentity`, `requestParameters`, `resources[{ARN, type}]`, `errorCode`;
 * - a LookupEvents `Events[]` item: `EventId`, `EventTime`, `EventSource`, `EventName`,
 *   `ReadOnly`, `Username`, `Resources[{ResourceType, ResourceName}]`, `CloudTrailEvent`;
 * - an EventBridge "AWS API Call via CloudTrail" envelope whose `detail` is a record.
 */
import { stableId } from '../ids';
import type { OpsEvent } from '../model';
import { baseEventName, classifyCloudTrail, isReadOnlyEventName } from './classify';
import { arr, epochMs, isObject, obj, shortName, str, type Raw } from './raw';

/** Request parameters that name the resource an event acts on, per event source, with its CloudFormation type. */
const PARAM_RESOURCES: Readonly<Record<string, ReadonlyArray<readonly [param: string, type: string]>>> = {
  'lambda.amazonaws.com': [['functionName', 'AWS::Lambda::Function']],
  'apigateway.amazonaws.com': [
    ['restApiId', 'AWS::ApiGateway::RestApi'],
    ['apiId', 'AWS::ApiGatewayV2::Api'],
  ],
  'dynamodb.amazonaws.com': [['tableName', 'AWS::DynamoDB::Table']],
  'sqs.amazonaws.com': [
    ['queueUrl', 'AWS::SQS::Queue'],
    ['queueName', 'AWS::SQS::Queue'],
  ],
  'sns.amazonaws.com': [
    ['topicArn', 'AWS::SNS::Topic'],
    ['name', 'AWS::SNS::Topic'],
  ],
  'rds.amazonaws.com': [
    ['dBInstanceIdentifier', 'AWS::RDS::DBInstance'],
    ['dBClusterIdentifier', 'AWS::RDS::DBCluster'],
    ['dBParameterGroupName', 'AWS::RDS::DBParameterGroup'],
  ],
  'ec2.amazonaws.com': [
    ['instanceId', 'AWS::EC2::Instance'],
    ['groupId', 'AWS::EC2::SecurityGroup'],
    ['volumeId', 'AWS::EC2::Volume'],
    ['launchTemplateName', 'AWS::EC2::LaunchTemplate'],
  ],
  'autoscaling.amazonaws.com': [['autoScalingGroupName', 'AWS::AutoScaling::AutoScalingGroup']],
  'ecs.amazonaws.com': [
    ['service', 'AWS::ECS::Service'],
    ['serviceName', 'AWS::ECS::Service'],
    ['cluster', 'AWS::ECS::Cluster'],
    ['family', 'AWS::ECS::TaskDefinition'],
  ],
  'elasticloadbalancing.amazonaws.com': [
    ['loadBalancerArn', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['targetGroupArn', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
    ['listenerArn', 'AWS::ElasticLoadBalancingV2::Listener'],
    ['loadBalancerName', 'AWS::ElasticLoadBalancing::LoadBalancer'],
  ],
  'iam.amazonaws.com': [
    ['roleName', 'AWS::IAM::Role'],
    ['userName', 'AWS::IAM::User'],
    ['policyArn', 'AWS::IAM::ManagedPolicy'],
  ],
  'cloudformation.amazonaws.com': [['stackName', 'AWS::CloudFormation::Stack']],
  'application-autoscaling.amazonaws.com': [['resourceId', 'AWS::ApplicationAutoScaling::ScalableTarget']],
  'kinesis.amazonaws.com': [['streamName', 'AWS::Kinesis::Stream']],
};

export interface CloudTrailNormaliseOptions {
  /** The CloudFormation stack of a resource, by name (from the resource catalog). */
  readonly stackOf?: (resourceName: string) => string | undefined;
}

type EventResource = OpsEvent['resources'][number];

function addResource(out: EventResource[], name: string | undefined, type: string | undefined): void {
  if (!name) return;
  const short = shortName(name);
  if (out.some((r) => r.name === short)) return;
  out.push(type ? { type, name: short } : { name: short });
}

function resourcesOf(source: string, record: Raw | undefined, lookup: Raw | undefined): EventResource[] {
  const out: EventResource[] = [];
  const params = obj(record, 'requestParameters');
  for (const [param, type] of PARAM_RESOURCES[source] ?? []) addResource(out, str(params, param), type);
  if (source === 'ec2.amazonaws.com') {
    for (const item of arr(obj(params, 'instancesSet'), 'items')) addResource(out, str(item, 'instanceId'), 'AWS::EC2::Instance');
    for (const item of arr(obj(obj(record, 'responseElements'), 'instancesSet'), 'items')) {
      addResource(out, str(item, 'instanceId'), 'AWS::EC2::Instance');
    }
  }
  for (const r of arr(record, 'resources')) addResource(out, str(r, 'ARN'), str(r, 'type'));
  for (const r of arr(lookup, 'Resources')) addResource(out, str(r, 'ResourceName'), str(r, 'ResourceType'));
  return out;
}

function userOf(record: Raw | undefined, lookup: Raw | undefined): string | undefined {
  const id = obj(record, 'userIdentity');
  const issuer = obj(obj(id, 'sessionContext'), 'sessionIssuer');
  const arn = str(id, 'arn');
  return (
    str(lookup, 'Username') ??
    str(id, 'userName') ??
    str(issuer, 'userName') ??
    (arn ? arn.split('/').pop() : undefined) ??
    str(id, 'invokedBy')
  );
}

function parseRecord(text: string | undefined): Raw | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function truthy(x: unknown): boolean {
  return x === true || x === 'true';
}

/**
 * An Event from one CloudTrail event in any of the accepted shapes, or undefined when it is
 * not a successful management write (read-only calls and calls that failed with an
 * `errorCode` changed nothing) or lacks its source, name or time. Pure.
 */
export function fromCloudTrailRecord(raw: unknown, options: CloudTrailNormaliseOptions = {}): OpsEvent | undefined {
  if (!isObject(raw)) return undefined;
  const envelope = obj(raw, 'detail');
  const isLookup = 'EventName' in raw || 'EventSource' in raw || 'CloudTrailEvent' in raw;
  const lookup = isLookup ? raw : undefined;
  const record = envelope ?? (isLookup ? parseRecord(str(raw, 'CloudTrailEvent')) : raw);

  const source = str(lookup, 'EventSource') ?? str(record, 'eventSource');
  const rawName = str(lookup, 'EventName') ?? str(record, 'eventName');
  const time = epochMs(lookup?.['EventTime'] ?? record?.['eventTime']);
  if (!source || !rawName || time === undefined) return undefined;
  if (truthy(lookup?.['ReadOnly']) || truthy(record?.['readOnly']) || isReadOnlyEventName(rawName)) return undefined;
  if (str(record, 'errorCode')) return undefined;
  if (str(record, 'eventCategory') && str(record, 'eventCategory') !== 'Management') return undefined;

  const name = baseEventName(rawName);
  const params = obj(record, 'requestParameters');
  const resources = resourcesOf(source, record, lookup);
  const stack =
    (source === 'cloudformation.amazonaws.com' ? resources.find((r) => r.type === 'AWS::CloudFormation::Stack')?.name : undefined) ??
    resources.map((r) => options.stackOf?.(r.name)).find((s) => s !== undefined);
  const user = userOf(record, lookup);
  const id = str(lookup, 'EventId') ?? str(record, 'eventID') ?? stableId('ct', source, rawName, time, resources.map((r) => r.name).join(','));
  return {
    id,
    time,
    source,
    name,
    dataSource: 'CLOUD_TRAIL',
    class: classifyCloudTrail(source, name, params),
    resources,
    ...(stack ? { stack } : {}),
    ...(user ? { user } : {}),
  };
}
