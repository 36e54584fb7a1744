/**
 * ARNs of an insight's resources, for OpsCenter's related resources and chat cards. A resource
 * whose id is already an ARN keeps it; for the types whose ARN follows from the name alone
 * (Lambda functions, DynamoDB tables, SQS queues, SNS topics, Kinesis streams, EC2 and RDS
 * instances) the ARN is built from the account and region (a member account's resource: its
 * own account and region); other resources are left out.
 */
import { physicalIdOf, type Anomaly } from '../../core';

export interface ArnContext {
  readonly accountId: string;
  readonly region: string;
}

/** The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The ARN of one anomaly's resource, or undefined when it cannot be known from its id. */
export function resourceArn(a: Pick<Anomaly, 'resourceId' | 'resourceType' | 'resourceName' | 'accountId' | 'region'>, ctx: ArnContext): string | undefined {
  const id = physicalIdOf(a);
  if (id.startsWith('arn:')) return id;
  const region = a.accountId ? (a.region ?? ctx.region) : ctx.region;
  const p = partitionOf(region);
  const at = (service: string, resource: string) => `arn:${p}:${service}:${region}:${a.accountId ?? ctx.accountId}:${resource}`;
  switch (a.resourceType) {
    case 'AWS::Lambda::Function':
      return at('lambda', `function:${id}`);
    case 'AWS::DynamoDB::Table':
      return at('dynamodb', `table/${id}`);
    case 'AWS::SQS::Queue':
      return at('sqs', id);
    case 'AWS::SNS::Topic':
      return at('sns', id);
    case 'AWS::Kinesis::Stream':
      return at('kinesis', `stream/${id}`);
    case 'AWS::EC2::Instance':
      return /^i-[0-9a-f]+$/.test(id) ? at('ec2', `instance/${id}`) : undefined;
    case 'AWS::RDS::DBInstance':
      return at('rds', `db:${id}`);
    default:
      return undefined;
  }
}

/** Distinct ARNs of the anomalies' resources, in the anomalies' order. */
export function relatedResourceArns(anomalies: readonly Anomaly[], ctx: ArnContext): string[] {
  const out = new Set<string>();
  for (const a of anomalies) {
    const arn = resourceArn(a, ctx);
    if (arn) out.add(arn);
  }
  return [...out];
}
