/** ResourceCatalog for CloudFormation stack coverage: ListStackResources with paging. */
import { ListStackResourcesCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { UpstreamError, ValidationError, type Resource, type ResourceCatalog } from '../../core';
import { coveredResource, type SkippedResource } from './resource';
import { specFor } from './metric-catalog';

export interface StackCatalogOptions {
  /** Called with resources of a covered type whose metrics cannot be named from their id. */
  readonly onSkipped?: (skipped: SkippedResource) => void;
}

export class StackCatalog implements ResourceCatalog {
  constructor(
    private readonly client: CloudFormationClient,
    private readonly stacks: readonly string[],
    private readonly options: StackCatalogOptions = {},
  ) {}

  async list(): Promise<Resource[]> {
    const out: Resource[] = [];
    for (const stack of this.stacks) {
      let token: string | undefined;
      const seenTokens = new Set<string>();
      do {
        let page;
        try {
          page = await this.client.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token }));
        } catch (err) {
          if (/does not exist/i.test((err as Error).message ?? '')) {
            throw new ValidationError(`--stack: CloudFormation stack "${stack}" does not exist in this account and region`, 'stack', { cause: err });
          }
          throw err;
        }
        if (page.StackResourceSummaries !== undefined && !Array.isArray(page.StackResourceSummaries)) {
          throw new UpstreamError(`ListStackResources for stack ${stack} returned StackResourceSummaries that is not a list`);
        }
        for (const r of page.StackResourceSummaries ?? []) {
          if (!r.ResourceType || !r.PhysicalResourceId) continue;
          if (r.ResourceStatus && /DELETE_COMPLETE/.test(r.ResourceStatus)) continue;
          if (!specFor(r.ResourceType, r.PhysicalResourceId)) continue;
          const res = coveredResource(r.ResourceType, r.PhysicalResourceId, { stack });
          if (res) out.push(res);
          else this.options.onSkipped?.({ type: r.ResourceType, id: r.PhysicalResourceId, reason: 'its metrics are keyed by a name the physical id does not give (use --account)' });
        }
        token = page.NextToken;
        if (token && seenTokens.has(token)) throw new UpstreamError(`ListStackResources for stack ${stack} returned the same NextToken twice`);
        if (token) seenTokens.add(token);
      } while (token);
    }
    return out;
  }
}
