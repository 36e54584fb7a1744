/** Made-up coverages for pricing: `opsight cost --resources lambda=1,dynamodb=1,ec2=1`. */
import { inMemberScope, type Resource } from '../../core';
import { seriesFor } from '../coverage/metric-catalog';

/** Short names accepted by `--resources` and the CloudFormation types they stand for. */
export const RESOURCE_ALIASES: Readonly<Record<string, { type: string; sampleId: (i: number) => string }>> = {
  lambda: { type: 'AWS::Lambda::Function', sampleId: (i) => `function-${i}` },
  dynamodb: { type: 'AWS::DynamoDB::Table', sampleId: (i) => `table-${i}` },
  ec2: { type: 'AWS::EC2::Instance', sampleId: (i) => `i-${i.toString(16).padStart(17, '0')}` },
  sqs: { type: 'AWS::SQS::Queue', sampleId: (i) => `queue-${i}` },
  sns: { type: 'AWS::SNS::Topic', sampleId: (i) => `topic-${i}` },
  kinesis: { type: 'AWS::Kinesis::Stream', sampleId: (i) => `stream-${i}` },
  rds: { type: 'AWS::RDS::DBInstance', sampleId: (i) => `db-${i}` },
  aurora: { type: 'AWS::RDS::DBCluster', sampleId: (i) => `cluster-${i}` },
  apigateway: { type: 'AWS::ApiGateway::RestApi', sampleId: (i) => `api-name-${i}` },
  httpapi: { type: 'AWS::ApiGatewayV2::Api', sampleId: (i) => `httpapi${i.toString().padStart(3, '0')}` },
  ecs: { type: 'AWS::ECS::Service', sampleId: (i) => `cluster/service-${i}` },
  alb: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', sampleId: (i) => `app/alb-${i}/0123456789abcdef` },
  nlb: { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', sampleId: (i) => `net/nlb-${i}/0123456789abcdef` },
  stepfunctions: { type: 'AWS::StepFunctions::StateMachine', sampleId: (i) => `arn:aws:states:us-east-1:123456789012:stateMachine:sm-${i}` },
};

/**
 * A coverage of `counts` resources per alias with the catalog's series (metrics that only some
 * resources publish left out; an EC2 instance with the agent has one memory and one root-disk
 * series). For `opsight cost --resources lambda=1,dynamodb=1,ec2=1`.
 */
export function syntheticCoverage(counts: Readonly<Record<string, number>>): Resource[] {
  const out: Resource[] = [];
  for (const [alias, n] of Object.entries(counts)) {
    const a = RESOURCE_ALIASES[alias];
    if (!a) throw new RangeError(`unknown resource kind "${alias}"; expected one of ${Object.keys(RESOURCE_ALIASES).join(', ')}`);
    for (let i = 1; i <= n; i++) {
      const id = a.sampleId(i);
      const series = seriesFor(a.type, id, { skipOptional: true }).map((s) =>
        s.namespace === 'CWAgent' && s.metricName === 'disk_used_percent' ? { ...s, dimensions: { ...s.dimensions, path: '/', device: 'nvme0n1p1', fstype: 'xfs' } } : s,
      );
      out.push({ id, type: a.type, name: id, tags: {}, series });
    }
  }
  return out;
}

/** The same made-up coverage in a member account and region: ids, resources and series carry the account. */
export function inMemberAccount(resources: readonly Resource[], accountId: string, region: string): Resource[] {
  return inMemberScope(resources, accountId, region);
}
