/**
 * The organisation's member accounts for a function (absent without an `organization` config):
 * assumed-role clients per account and region, each scope's failures logged as one line and
 * counted (AccountCollectionFailures, by account and region), unit listing failures likewise
 * (OrganizationalUnitListingFailures).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { Fleet, MemberClients, MemberCredentials, oneLine, type ScopeFailure, type UnitFailure } from '../../src/aws/accounts';
import type { Runtime } from './runtime';

export function fleetFor(rt: Runtime, clock: { now(): number }): Fleet | undefined {
  const organization = rt.env.config.organization;
  if (!organization) return undefined;
  const { logger, metrics, tracer } = rt.obs;
  const credentials = new MemberCredentials(
    { roleName: organization.roleName, externalId: organization.externalId, partition: partitionOf(rt.env.region) },
    { sts: rt.clients.sts, clock: rt.clock },
  );
  const members = new MemberClients(credentials, {
    ...(rt.env.getMetricDataTps ? { getMetricDataTps: rt.env.getMetricDataTps } : {}),
    ...(rt.timer ? { timer: rt.timer } : {}),
    wrap: (client) => tracer.captureAWSv3Client(client),
    onMetricIssue: (scope, issue) => logger.warn('metric data issue', { accountId: scope.accountId, region: scope.region, ...issue }),
  });
  const onScopeFailure = (f: ScopeFailure) => {
    logger.error(`account ${f.accountId} ${f.region}: ${f.step} not collected: ${f.reason}`);
    const m = metrics.singleMetric();
    m.addDimension('AccountId', f.accountId);
    m.addDimension('Region', f.region);
    m.addMetric('AccountCollectionFailures', MetricUnit.Count, 1);
  };
  const onUnitFailure = (f: UnitFailure) => {
    logger.error(`organisational unit ${f.organizationalUnitId}: accounts not listed: ${oneLine(f.error)}`);
    metrics.addMetric('OrganizationalUnitListingFailures', MetricUnit.Count, 1);
  };
  return new Fleet({
    organization,
    members,
    ...(organization.organizationalUnits.length ? { organizations: rt.clients.organizations } : {}),
    centralRegion: rt.env.region,
    ...(rt.env.accountId ? { centralAccountId: rt.env.accountId } : {}),
    clock,
    onScopeFailure,
    onUnitFailure,
  });
}

/** The partition of a region (member role ARNs are in the central account's partition). */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
