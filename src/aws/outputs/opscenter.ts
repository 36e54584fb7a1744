/**
 * OpsCenter target: one OpsItem per insight (CreateOpsItem with `/aws/dedup` so OpsCenter
 * itself refuses a second open item for the same insight), its severity raised when the
 * insight's is, and resolved when the insight closes. The OpsItem id is kept on the insight.
 * The item lists the insight's resources (`/aws/resources`) and the AWS-owned Automation
 * runbooks that carry out its recommendations (`/aws/automations`, offered, never run), and its
 * description is the same human summary as the e-mail, within OpsCenter's 2,048 characters.
 */
import {
  CreateOpsItemCommand,
  DescribeOpsItemsCommand,
  UpdateOpsItemCommand,
  type OpsItemDataValue,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { SEVERITY_RANK, type Insight, type InsightNotification, type NotificationTarget, type Severity } from '../../core';
import { accountLabel, type AccountNames } from './account';
import { clip } from './email';
import { insightLinks, type InsightLinks } from './links';
import { relatedResourceArns } from './resources';
import { runbookFor } from './runbooks';
import { summarize, worstFirst, type InsightSummary } from './summary';

/** OpsItem severity: 1 (critical) … 4 (low). */
export const OPSITEM_SEVERITY: Readonly<Record<Severity, string>> = { HIGH: '1', MEDIUM: '2', LOW: '3' };

/** Where the OpsItem id of an insight is kept (the DynamoStore implements it). */
export interface OpsItemIdStore {
  getInsight(id: string): Promise<Insight | undefined>;
  setOpsItemId(insightId: string, opsItemId: string): Promise<void>;
}

export interface OpsCenterTargetOptions extends AccountNames {
  readonly client: SSMClient;
  readonly store: OpsItemIdStore;
  /** The account the OpsItems are created in (where Opsight runs): for the resources' ARNs and the description; a member account's resources keep their own. */
  readonly accountId: string;
  readonly region: string;
  /** Lowest insight severity that gets an OpsItem. @default 'HIGH' */
  readonly minSeverity?: Severity;
  /** @default relative API paths */
  readonly links?: InsightLinks;
  /** OpsItem source. @default 'Opsight' */
  readonly source?: string;
}

/** OpsCenter's limits: description characters, related resources per OpsItem. */
export const OPSITEM_DESCRIPTION_MAX = 2_048;
export const OPSITEM_MAX_RESOURCES = 100;

/**
 * The OpsItem description: the e-mail's summary, compact. Log lines, then anomaly and
 * recommendation lines are dropped from the end until it fits in 2,048 characters; the
 * headline, cause and links stay.
 */
export function opsItemDescription(s: InsightSummary): string {
  const head = [s.headline, ...(s.messageType === 'NEW_INSIGHT' ? [] : [s.change]), `${s.where}; ${s.when}.`, ...(s.predicted ? [`Predicted to run out ${s.predicted}.`] : []), ...(s.cause ? [clip(s.cause, 600)] : [])];
  const anomalies = s.anomalies.map((a) => `- ${clip(a.what, 150)}: ${a.value}, ${a.when}`);
  const recs = s.recommendations.map((r) => `- ${clip(r.name, 150)}${r.runbook ? ` (runbook ${r.runbook.name})` : ''}: ${r.link}`);
  const logs = s.logs.map((l) => `- ${clip(l, 200)}`);
  const tail = s.links.map((l) => `${l.label}: ${l.url}`);
  const compose = () =>
    [...head, ...(anomalies.length ? ['Anomalies:', ...anomalies] : []), ...(logs.length ? ['Logs:', ...logs] : []), ...(recs.length ? ['Recommendations:', ...recs] : []), ...tail].join('\n');
  let text = compose();
  while (text.length > OPSITEM_DESCRIPTION_MAX && (anomalies.length > 1 || recs.length > 1 || logs.length > 0)) {
    if (logs.length > 0) logs.pop();
    else if (anomalies.length >= recs.length) anomalies.pop();
    else recs.pop();
    text = compose();
  }
  return clip(text, OPSITEM_DESCRIPTION_MAX);
}

/** Operational data: dedup, the insight's id and link, related resources, runbooks. */
export function opsItemData(n: InsightNotification, options: Pick<OpsCenterTargetOptions, 'accountId' | 'region' | 'links' | 'accountAliases'>): Record<string, OpsItemDataValue> {
  const i = n.insight;
  const url = (options.links ?? insightLinks({})).primary(i.id);
  const data: Record<string, OpsItemDataValue> = {
    '/aws/dedup': { Value: JSON.stringify({ dedupString: dedupString(i.id) }), Type: 'SearchableString' },
    opsightInsightId: { Value: i.id, Type: 'SearchableString' },
    opsightInsightUrl: { Value: url, Type: 'String' },
    // A member account's insight: searchable by the account it is about (the item itself lives where Opsight runs).
    ...(i.accountId ? { opsightAccount: { Value: accountLabel(i.accountId, options), Type: 'SearchableString' as const } } : {}),
  };
  const arns = relatedResourceArns(worstFirst(n.anomalies), options).slice(0, OPSITEM_MAX_RESOURCES);
  if (arns.length) data['/aws/resources'] = { Value: JSON.stringify(arns.map((arn) => ({ arn }))), Type: 'SearchableString' };
  const runbooks = [...new Set(i.recommendations.map((r) => runbookFor(r)?.name).filter((x): x is string => x !== undefined))];
  if (runbooks.length) {
    data['/aws/automations'] = { Value: JSON.stringify(runbooks.map((automationId) => ({ automationType: 'AWS:SSM:Automation', automationId }))), Type: 'SearchableString' };
  }
  return data;
}

/** The `/aws/dedup` string of an insight's OpsItem. */
export function dedupString(insightId: string): string {
  return `opsight:${insightId}`;
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
            // The description follows, so the item says what changed.
            await this.options.client.send(
              new UpdateOpsItemCommand({ OpsItemId: known.id, Severity: OPSITEM_SEVERITY[n.insight.severity], Description: opsItemDescription(this.summary(n)) }),
            );
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

  private summary(n: InsightNotification): InsightSummary {
    return summarize(n, { accountId: this.options.accountId, region: this.options.region, links: this.options.links ?? insightLinks({}), accountAliases: this.options.accountAliases });
  }

  private async create(n: InsightNotification): Promise<string> {
    const i = n.insight;
    const summary = this.summary(n);
    try {
      const out = await this.options.client.send(
        new CreateOpsItemCommand({
          Title: clip(`Opsight: ${i.name}`, 1024),
          Description: opsItemDescription(summary),
          Source: this.options.source ?? 'Opsight',
          Severity: OPSITEM_SEVERITY[i.severity],
          Category: i.type === 'REACTIVE' ? 'Availability' : 'Performance',
          OperationalData: opsItemData(n, this.options),
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
