/**
 * Facts about metrics that do not depend on data: detector priors and how much a
 * deviation on a metric matters to users.
 */
import type { SeriesMeta } from './detect/types';
import type { Resource, ResourceCollection, Series, Severity } from './model';

/** Detector priors from series metadata (never from labels). */
export function seriesMeta(series: Series): SeriesMeta {
  const base = { kind: series.kind, periodSeconds: series.periodSeconds };
  switch (series.kind) {
    case 'percent':
      return { ...base, min: 0, max: 100 };
    case 'count':
    case 'latency':
    case 'bytes':
      return { ...base, min: 0 };
    default:
      return base;
  }
}

/** Golden signals: errors, faults, throttles and 5XX hurt users directly. */
const HIGH = /(error|fault|5xx|throttl|dlq|deadletter|failed|unhealthy|statuscheckfailed)/i;
/** Latency, saturation and backlog: users feel them, but less directly. */
const MEDIUM = /(latency|duration|4xx|iteratorage|ageofoldest|approximatenumberofmessagesvisible|concurrent|responsetime|targetresponsetime)/i;

/** How critical a deviation on this metric is, before magnitude is considered. */
export function metricCriticality(series: Pick<Series, 'metricName'>): Severity {
  // Client errors (4XX) are the caller's mistakes: they matter, but less than faults.
  if (/4xx/i.test(series.metricName)) return 'MEDIUM';
  if (HIGH.test(series.metricName)) return 'HIGH';
  if (MEDIUM.test(series.metricName)) return 'MEDIUM';
  return 'LOW';
}

/** Tag keys that place a resource in a tag collection: ours and DevOps Guru's convention. */
export function isBoundaryTagKey(key: string): boolean {
  return key.startsWith('devops-guru-') || key.startsWith('opsight-');
}

/** Grouping: by stack when in a CloudFormation stack, by tag value under tag coverage, else account. */
export function collectionOf(resource: Pick<Resource, 'stack' | 'tags' | 'accountId'>, accountId = 'account'): ResourceCollection {
  const member = resource.accountId ? { accountId: resource.accountId } : {};
  if (resource.stack) return { type: 'STACK', name: resource.stack, ...member };
  const tagKey = Object.keys(resource.tags).sort().find(isBoundaryTagKey);
  if (tagKey) return { type: 'TAG', name: resource.tags[tagKey] ?? tagKey, tagKey, ...member };
  return { type: 'ACCOUNT', name: resource.accountId ?? accountId, ...member };
}

/** Stable string form of a collection, used in keys and ids (a member account's collections are prefixed by the account). */
export function collectionKey(c: ResourceCollection): string {
  const key = c.type === 'TAG' ? `TAG#${c.tagKey ?? ''}#${c.name}` : `${c.type}#${c.name}`;
  return c.accountId ? `${c.accountId}@${key}` : key;
}
