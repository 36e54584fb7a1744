/**
 * OpsCenter target: one OpsItem per insight (CreateOpsItem with `/aws/dedup` so OpsCenter
 * itself refuses a second open item for the same insight), its severity raised when the
 * insight's is, and resolved when the insight closes. The OpsItem id is kept on the insight.
 */
import {
  CreateOpsItemCommand,
  DescribeOpsItemsCommand,
  UpdateOpsItemCommand,
  type OpsItemDataValue,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { SEVERITY_RANK, type Insight, type InsightNotification, type NotificationTarget, type Severity } from '../../core';
import { logAnomalyLine } from '../../core/logs/text';
import { defaultInsightUrl, resourceArns } from './message';

/** OpsItem severity: 1 (critical) … 4 (low). */
export const OPSITEM_SEVERITY: Readonly<Record<Severity, string>> = { HIGH: '1', MEDIUM: '2', LOW: '3' };

/** Where the OpsItem id of an insight is kept (the DynamoStore implements it). */
export interface OpsItemIdStore {
  getInsight(id: string): Promise<Insight | undefined>;
  setOpsItemId(insightId: string, opsItemId: string): Promise<void>;
}

export interface OpsCenterTargetOptions {
  readonly client: SSMClient;
  readonly store: OpsItemIdStore;
  /** Lowest insight severity that gets an OpsItem. @default 'HIGH' */
  readonly minSeverity?: Severity;
  /** @default '/insights/<id>' */
  readonly insightUrl?: (insightId: string) => string;
  /** OpsItem source. @default 'Opsight' */
  readonly source?: string;
}

/** The `/aws/dedup` string of an insight's OpsItem. */
export function dedupString(insightId: string): string {
  return `opsight:${insightId}`;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export class OpsCenterTarget implements NotificationTarget {
  readonly name = 'opscenter';

  constructor(private readonly options: OpsCenterTargetOptions) {}

  private eligible(insight: Insight): boolean {
    return SEVERITY_RANK[insight.severity] >= SEVERITY_RANK[this.options.minSeverity ?? 'HIGH'];
  }

  private async knownOpsItemId(insight: Insight): Promise<{ id?: string; stored?: Insight }> {
    if (insight.opsItemId) return { id: insight.opsItemId };
    const stored = await this.options.store.getInsight(insight.id);
    return { id: stored?.opsItemId, stored };
  }

  /**
   * NEW_INSIGHT / SEVERITY_UPGRADED: create the item (once: the id is kept on the insight) or
   * raise its severity. CLOSED_INSIGHT: resolve it; if none was created yet (the close is
   * handled first) and the insight qualifies, create it and resolve it, so a later NEW_INSIGHT
   * finds it and does nothing. Every path is safe to repeat.
   */
  async deliver(n: InsightNotification): Promise<void> {
    switch (n.messageType) {
      case 'NEW_INSIGHT':
      case 'SEVERITY_UPGRADED': {
        if (!this.eligible(n.insight)) return;
        const known = await this.knownOpsItemId(n.insight);
        if (known.id) {
          if (n.messageType === 'SEVERITY_UPGRADED') {
            await this.options.client.send(new UpdateOpsItemCommand({ OpsItemId: known.id, Severity: OPSITEM_SEVERITY[n.insight.severity] }));
          }
          return;
        }
        await this.options.store.setOpsItemId(n.insight.id, await this.create(n));
        return;
      }
      case 'CLOSED_INSIGHT': {
        const known = await this.knownOpsItemId(n.insight);
        let id = known.id;
        if (!id) {
          if (!this.eligible(n.insight)) return;
          id = await this.create(n);
          await this.options.store.setOpsItemId(n.insight.id, id);
        }
        await this.resolve(id);
        return;
      }
      default:
        return;
    }
  }

  private async resolve(opsItemId: string): Promise<void> {
    await this.options.client.send(new UpdateOpsItemCommand({ OpsItemId: opsItemId, Status: 'Resolved' }));
  }

  private async create(n: InsightNotification): Promise<string> {
    const i = n.insight;
    const url = (this.options.insightUrl ?? defaultInsightUrl)(i.id);
    const lines = [
      `${i.type === 'REACTIVE' ? 'Reactive' : 'Proactive'} insight, severity ${i.severity}, in ${i.collection.type.toLowerCase()} ${i.collection.name}.`,
      ...(i.rootCause ? [`Likely cause: ${i.rootCause}`] : []),
      ...n.anomalies.slice(0, 10).map((a) => `- ${a.series.metricName} on ${a.resourceName} (${a.severity})`),
      ...(i.logAnomalies ?? []).slice(0, 3).map((l) => `- log ${logAnomalyLine(l, 160)}`),
      `Details: ${url}`,
    ];
    const data: Record<string, OpsItemDataValue> = {
      '/aws/dedup': { Value: JSON.stringify({ dedupString: dedupString(i.id) }), Type: 'SearchableString' },
      opsightInsightId: { Value: i.id, Type: 'SearchableString' },
      opsightInsightUrl: { Value: url, Type: 'String' },
    };
    const arns = resourceArns(n.anomalies);
    if (arns.length) data['/aws/resources'] = { Value: JSON.stringify(arns.slice(0, 20).map((arn) => ({ arn }))), Type: 'SearchableString' };
    try {
      const out = await this.options.client.send(
        new CreateOpsItemCommand({
          Title: cut(`Opsight: ${i.name}`, 1024),
          Description: cut(lines.join('\n'), 2048),
          Source: this.options.source ?? 'Opsight',
          Severity: OPSITEM_SEVERITY[i.severity],
          Category: i.type === 'REACTIVE' ? 'Availability' : 'Performance',
          OperationalData: data,
        }),
      );
      if (out.OpsItemId) return out.OpsItemId;
    } catch (err) {
      // OpsCenter's dedup found the open item created by an earlier attempt.
      const existing = (err as { name?: string; OpsItemId?: string }).name === 'OpsItemAlreadyExistsException' ? (err as { OpsItemId?: string }).OpsItemId : undefined;
      if (existing) return existing;
      if ((err as { name?: string }).name !== 'OpsItemAlreadyExistsException') throw err;
    }
    return this.findExisting(i.id);
  }

  private async findExisting(insightId: string): Promise<string> {
    const out = await this.options.client.send(
      new DescribeOpsItemsCommand({
        OpsItemFilters: [{ Key: 'OperationalData', Operator: 'Equal', Values: [JSON.stringify({ key: 'opsightInsightId', value: insightId })] }],
        MaxResults: 1,
      }),
    );
    const id = out.OpsItemSummaries?.[0]?.OpsItemId;
    if (!id) throw new Error(`OpsCenter returned no OpsItem id for insight ${insightId}`);
    return id;
  }
}
