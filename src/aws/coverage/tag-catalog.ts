/**
 * ResourceCatalog for tag coverage: Resource Groups Tagging API GetResources (at most 100
 * per page, PaginationToken). Accepts Opsight's `opsight-*` keys and DevOps Guru's
 * `devops-guru-*` keys; resources are grouped by the tag's value.
 */
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { UpstreamError, ValidationError, isBoundaryTagKey, type Resource, type ResourceCatalog } from '../../core';
import { coveredResource, type SkippedResource } from './resource';

/** Tagging API resource-type filters for the covered types. */
export const TAG_RESOURCE_TYPE_FILTERS = [
  'lambda:function',
  'apigateway',
  'dynamodb:table',
  'sqs',
  'sns',
  'kinesis:stream',
  'rds:db',
  'rds:cluster',
  'ec2:instance',
  'ecs:service',
  'elasticloadbalancing:loadbalancer',
  'states:stateMachine',
] as const;

/** The CloudFormation type of a resource from its ARN, when Opsight covers it. */
export function typeFromArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return undefined;
  const service = parts[2];
  const res = parts.slice(5).join(':');
  switch (service) {
    case 'lambda':
      return res.startsWith('function:') ? 'AWS::Lambda::Function' : undefined;
    case 'apigateway':
      if (/^\/restapis\/[^/]+$/.test(res)) return 'AWS::ApiGateway::RestApi';
      if (/^\/apis\/[^/]+$/.test(res)) return 'AWS::ApiGatewayV2::Api';
      return undefined;
    case 'dynamodb':
      return /^table\/[^/]+$/.test(res) ? 'AWS::DynamoDB::Table' : undefined;
    case 'sqs':
      return 'AWS::SQS::Queue';
    case 'sns':
      return parts.length === 6 ? 'AWS::SNS::Topic' : undefined;
    case 'kinesis':
      return res.startsWith('stream/') ? 'AWS::Kinesis::Stream' : undefined;
    case 'rds':
      return res.startsWith('db:') ? 'AWS::RDS::DBInstance' : res.startsWith('cluster:') ? 'AWS::RDS::DBCluster' : undefined;
    case 'ec2':
      return res.startsWith('instance/') ? 'AWS::EC2::Instance' : undefined;
    case 'ecs':
      return res.startsWith('service/') ? 'AWS::ECS::Service' : undefined;
    case 'elasticloadbalancing':
      return /^loadbalancer\/(app|net)\//.test(res) ? 'AWS::ElasticLoadBalancingV2::LoadBalancer' : undefined;
    case 'states':
      return res.startsWith('stateMachine:') ? 'AWS::StepFunctions::StateMachine' : undefined;
    default:
      return undefined;
  }
}

export interface TagCatalogOptions {
  readonly tagKey: string;
  /** Values to cover; empty = every value of the key. */
  readonly tagValues?: readonly string[];
  readonly onSkipped?: (skipped: SkippedResource) => void;
}

export class TagCatalog implements ResourceCatalog {
  constructor(
    private readonly client: ResourceGroupsTaggingAPIClient,
    private readonly options: TagCatalogOptions,
  ) {
    if (!isBoundaryTagKey(options.tagKey)) {
      throw new ValidationError(`--tag: the key must start with "opsight-" or DevOps Guru's "devops-guru-", got "${options.tagKey}"`, 'tag');
    }
  }

  async list(): Promise<Resource[]> {
    const out: Resource[] = [];
    const values = this.options.tagValues ?? [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.client.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: this.options.tagKey, ...(values.length ? { Values: [...values] } : {}) }],
          ResourceTypeFilters: [...TAG_RESOURCE_TYPE_FILTERS],
          ResourcesPerPage: 100,
          ...(token ? { PaginationToken: token } : {}),
        }),
      );
      if (page.ResourceTagMappingList !== undefined && !Array.isArray(page.ResourceTagMappingList)) {
        throw new UpstreamError('GetResources returned ResourceTagMappingList that is not a list');
      }
      for (const m of page.ResourceTagMappingList ?? []) {
        const arn = m.ResourceARN;
        if (!arn) continue;
        const type = typeFromArn(arn);
        if (!type) continue;
        const tags: Record<string, string> = {};
        for (const t of m.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
        const res = coveredResource(type, arn, { arn, tags });
        if (res) out.push(res);
        else this.options.onSkipped?.({ type, id: arn, reason: 'its metrics are keyed by a name the ARN does not give (use --account)' });
      }
      token = page.PaginationToken || undefined;
      if (token && seen.has(token)) throw new UpstreamError('GetResources returned the same PaginationToken twice');
      if (token) seen.add(token);
    } while (token);
    return out;
  }
}
