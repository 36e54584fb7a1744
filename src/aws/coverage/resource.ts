/** Builds a covered Resource from a type and a physical id or ARN, with its catalog series. */
import type { Resource } from '../../core';
import { dimensionsOf, displayName, seriesFor, specFor, type SeriesOptions } from './metric-catalog';

export interface ResourceExtras {
  readonly arn?: string;
  readonly stack?: string;
  readonly tags?: Record<string, string>;
  readonly name?: string;
}

/** The resource, or undefined when the type is not covered or the id cannot name its metrics. */
export function coveredResource(type: string, physicalId: string, extras: ResourceExtras = {}, options: SeriesOptions = {}): Resource | undefined {
  if (!specFor(type, physicalId)) return undefined;
  const dims = dimensionsOf(type, physicalId);
  if (!dims) return undefined;
  const series = seriesFor(type, physicalId, options);
  if (series.length === 0) return undefined;
  return {
    id: physicalId,
    type,
    name: extras.name ?? displayName(type, dims),
    ...(extras.arn ? { arn: extras.arn } : physicalId.startsWith('arn:') ? { arn: physicalId } : {}),
    ...(extras.stack ? { stack: extras.stack } : {}),
    tags: extras.tags ?? {},
    series,
  };
}

/** Why a resource was left out (reported by `opsight scan`). */
export interface SkippedResource {
  readonly type: string;
  readonly id: string;
  readonly reason: string;
}
