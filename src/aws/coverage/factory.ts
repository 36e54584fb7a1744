/** Builds the catalog for a coverage (stacks, tags or the whole account) from SDK clients. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Resource, ResourceCatalog } from '../../core';
import { AccountCatalog, refineAgentSeries } from './account-catalog';
import type { SkippedResource } from './resource';
import { StackCatalog } from './stack-catalog';
import { TagCatalog } from './tag-catalog';

export type CoverageSpec =
  | { readonly mode: 'account' }
  | { readonly mode: 'stacks'; readonly stacks: readonly string[] }
  | { readonly mode: 'tags'; readonly tagKey: string; readonly tagValues?: readonly string[] };

export interface CoverageClients {
  readonly cloudwatch: CloudWatchClient;
  readonly cloudformation: CloudFormationClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
}

/**
 * The catalog for `coverage`. Stack and tag coverage also resolve the CloudWatch agent's exact
 * series with ListMetrics (account coverage does it itself).
 */
export function catalogFor(clients: CoverageClients, coverage: CoverageSpec, options: { onSkipped?: (s: SkippedResource) => void } = {}): ResourceCatalog {
  if (coverage.mode === 'account') return new AccountCatalog(clients.cloudwatch);
  const inner: ResourceCatalog =
    coverage.mode === 'stacks'
      ? new StackCatalog(clients.cloudformation, coverage.stacks, options)
      : new TagCatalog(clients.tagging, { tagKey: coverage.tagKey, tagValues: coverage.tagValues, ...options });
  return {
    async list(): Promise<Resource[]> {
      return refineAgentSeries(clients.cloudwatch, await inner.list());
    },
  };
}
