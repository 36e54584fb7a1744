/**
 * The notification payload, shaped like Amazon DevOps Guru's SNS and EventBridge messages
 * (accountId, region, messageType, insightId, insightUrl, insightType, insightDescription,
 * insightSeverity, startTime, anomalies[] with sourceDetails, resourceCollection, ...) so
 * consumers written for DevOps Guru keep working. Opsight adds a few fields (rootCause,
 * insightStatus, relevantEvents) that such consumers ignore.
 */
import { accountLabel, insightPlace, type AccountNames } from './account';
import { formatSeriesValue, logAnomalyLine, physicalIdOf, type Anomaly, type Insight, type InsightNotification, type MessageType, type Recommendation } from '../../core';

/** SNS and EventBridge take at most 256 KiB; keep room for attributes and the envelope. */
export const MAX_MESSAGE_BYTES = 250_000;

export interface MessageContext extends AccountNames {
  readonly accountId: string;
  readonly region: string;
  /** Link to the insight (dashboard or API). @default `/insights/<id>` */
  readonly insightUrl?: (insightId: string) => string;
}

export interface DevOpsGuruAnomaly {
  id: string;
  anomalySeverity: string;
  status: string;
  startTime: number;
  endTime?: number;
  description: string;
  anomalyResources: Array<{ name: string; type: string }>;
  associatedResourceArns: string[];
  sourceDetails: Array<{
    dataSource: 'CW_METRICS';
    dataIdentifiers: { namespace: string; name: string; stat: string; unit?: string; period: number; dimensions: string };
  }>;
}

export interface DevOpsGuruMessage {
  /** The account the insight is in: a member account's id, else the account Opsight runs in. */
  accountId: string;
  region: string;
  /** Opsight: a member account's alias and id (`shop-prod (111122223333)`); absent for the account Opsight runs in. */
  account?: string;
  messageType: MessageType;
  insightId: string;
  insightName: string;
  insightUrl: string;
  insightType: Insight['type'];
  insightDescription: string;
  insightSeverity: string;
  insightStatus: Insight['status'];
  startTime: number;
  endTime?: number;
  resourceCollection: { cloudFormation?: { stackNames: string[] }; tags?: Array<{ appBoundaryKey: string; tagValues: string[] }> };
  anomalies: DevOpsGuruAnomaly[];
  recommendations: Recommendation[];
  rootCause?: string;
  relevantEvents: string[];
  opsItemId?: string;
  /** Anomalies left out to keep the message under the size limit. */
  anomaliesOmitted?: number;
  /** Opsight: the insight's log anomalies, one line each (absent without log evidence). */
  logAnomalies?: string[];
}

/** Severity in DevOps Guru's spelling (lower case). */
export function dgSeverity(s: string): string {
  return s.toLowerCase();
}

export function defaultInsightUrl(id: string): string {
  return `/insights/${encodeURIComponent(id)}`;
}

function anomalyEntry(a: Anomaly): DevOpsGuruAnomaly {
  const verb = a.direction === 'BELOW' ? 'below' : a.direction === 'ABOVE' ? 'above' : 'outside';
  const val = (x: number) => formatSeriesValue(x, a.series);
  return {
    id: a.id,
    anomalySeverity: dgSeverity(a.severity),
    status: a.status,
    startTime: a.timeRange.start,
    ...(a.timeRange.end !== undefined ? { endTime: a.timeRange.end } : {}),
    description: `${a.series.metricName} ${verb} its expected range on ${a.resourceName} (observed ${val(a.observed)}, expected ${val(a.lower)}–${val(a.upper)})`,
    anomalyResources: [{ name: a.resourceName, type: a.resourceType }],
    associatedResourceArns: physicalIdOf(a).startsWith('arn:') ? [physicalIdOf(a)] : [],
    sourceDetails: [
      {
        dataSource: 'CW_METRICS',
        dataIdentifiers: {
          namespace: a.series.namespace,
          name: a.series.metricName,
          stat: a.series.stat,
          ...(a.series.unit ? { unit: a.series.unit } : {}),
          period: a.series.periodSeconds,
          dimensions: JSON.stringify(a.series.dimensions),
        },
      },
    ],
  };
}

function resourceCollection(insight: Insight): DevOpsGuruMessage['resourceCollection'] {
  const c = insight.collection;
  if (c.type === 'STACK') return { cloudFormation: { stackNames: [c.name] } };
  if (c.type === 'TAG') return { tags: [{ appBoundaryKey: c.tagKey ?? '', tagValues: [c.name] }] };
  return {};
}

function bytes(x: unknown): number {
  return Buffer.byteLength(JSON.stringify(x), 'utf8');
}

/**
 * Builds the message for a notification, dropping anomalies from the end (then
 * recommendations) until it fits in `maxBytes`; `anomaliesOmitted` says how many were left out.
 */
export function buildMessage(n: InsightNotification, ctx: MessageContext, maxBytes = MAX_MESSAGE_BYTES): DevOpsGuruMessage {
  const i = n.insight;
  const base: DevOpsGuruMessage = {
    ...insightPlace(i, ctx),
    ...(i.accountId ? { account: accountLabel(i.accountId, ctx) } : {}),
    messageType: n.messageType,
    insightId: i.id,
    insightName: i.name,
    insightUrl: (ctx.insightUrl ?? defaultInsightUrl)(i.id),
    insightType: i.type,
    insightDescription: i.name,
    insightSeverity: dgSeverity(i.severity),
    insightStatus: i.status,
    startTime: i.timeRange.start,
    ...(i.timeRange.end !== undefined ? { endTime: i.timeRange.end } : {}),
    resourceCollection: resourceCollection(i),
    anomalies: [],
    recommendations: [],
    ...(i.rootCause ? { rootCause: i.rootCause } : {}),
    relevantEvents: i.relevantEventIds,
    ...(i.opsItemId ? { opsItemId: i.opsItemId } : {}),
  };
  const total = n.anomalies.length;
  // Worst anomalies first, so truncation drops the least important.
  const sorted = [...n.anomalies].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.timeRange.start - b.timeRange.start);
  const reserve = 64; // room for "anomaliesOmitted"
  let size = bytes(base) + reserve;
  for (const r of i.recommendations) {
    const s = bytes(r) + 1;
    if (size + s > maxBytes) break;
    base.recommendations.push(r);
    size += s;
  }
  for (const a of sorted) {
    const entry = anomalyEntry(a);
    const s = bytes(entry) + 1;
    if (size + s > maxBytes) break;
    base.anomalies.push(entry);
    size += s;
  }
  if (base.anomalies.length < total) base.anomaliesOmitted = total - base.anomalies.length;
  // Log evidence after the anomalies it explains, one line each, while it fits.
  const logLines = (i.logAnomalies ?? []).map((l) => logAnomalyLine(l));
  for (const line of logLines) {
    const s = bytes(line) + 1 + (base.logAnomalies ? 0 : bytes({ logAnomalies: [] }));
    if (size + s > maxBytes) break;
    (base.logAnomalies ??= []).push(line);
    size += s;
  }

  if (size > maxBytes) {
    // Only a pathological insight name or event list gets here: cut them.
    base.insightDescription = base.insightDescription.slice(0, 1_000);
    base.insightName = base.insightName.slice(0, 1_000);
    base.relevantEvents = base.relevantEvents.slice(0, 50);
  }
  return base;
}

function severityRank(s: string): number {
  return s === 'HIGH' ? 3 : s === 'MEDIUM' ? 2 : 1;
}

/** ARNs among the notification's resources (EventBridge `Resources`, OpsItem `/aws/resources`). */
export function resourceArns(anomalies: readonly Anomaly[]): string[] {
  return [...new Set(anomalies.map(physicalIdOf).filter((id) => id.startsWith('arn:')))];
}
