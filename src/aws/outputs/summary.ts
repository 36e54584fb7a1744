/**
 * What a person needs from one insight notification, in words and humane numbers: what is
 * wrong and where, severity and status, since when, what changed with this message, the likely
 * cause in one sentence, the worst anomalies against their normal range, the top
 * recommendations (with the runbook OpsCenter can offer) and absolute links. The e-mail, the
 * chat card and the OpsItem description are all rendered from it.
 */
import { logAnomalyLine } from '../../core/logs/text';
import { SEVERITY_RANK, formatSeriesValue, type Anomaly, type InsightNotification, type MessageType } from '../../core';
import { formatTime } from '../../core/recommend';
import { formatDurationSeconds } from '../../core/units';
import { accountLabel, insightPlace, type AccountNames } from './account';
import type { InsightLinks } from './links';
import { runbookFor, type Runbook } from './runbooks';

export interface SummaryAnomaly {
  /** `Errors on Lambda function checkout` */
  readonly what: string;
  /** `412 (normal 0–3)` */
  readonly value: string;
  readonly severity: string;
  /** `since 2026-11-05 14:12 UTC` or `2026-11-05 14:12–15:05 UTC` */
  readonly when: string;
}

export interface SummaryRecommendation {
  readonly name: string;
  /** Why it applies, citing the evidence. */
  readonly reason: string;
  readonly link: string;
  readonly runbook?: Runbook;
}

export interface InsightSummary {
  readonly insightId: string;
  readonly messageType: MessageType;
  /** `HIGH reactive insight: Errors increased on Lambda function checkout` */
  readonly headline: string;
  /** What this message reports: `New insight.`, `Closed after 55 min.`, `Severity raised from MEDIUM to HIGH.` */
  readonly change: string;
  /** `stack checkout-service, account 123456789012, eu-west-1`; a member account by alias and id: `account shop-prod (111122223333)` */
  readonly where: string;
  /** `ongoing since 2026-11-05 14:12 UTC (55 min)` or `2026-11-05 14:12–15:07 UTC (55 min), closed` */
  readonly when: string;
  /** The prediction window of a proactive insight, in words. */
  readonly predicted?: string;
  /** The likely cause in one labelled sentence: `Likely cause: …`, `Possibly related: …`, `Cause: …`. */
  readonly cause?: string;
  readonly anomalies: readonly SummaryAnomaly[];
  /** Anomalies not listed (the list keeps the worst). */
  readonly moreAnomalies: number;
  readonly recommendations: readonly SummaryRecommendation[];
  /** Recommendations not listed. */
  readonly moreRecommendations: number;
  /** Unusual log events in the insight's log groups, one line each (at most three). */
  readonly logs: readonly string[];
  /** Absolute links to the insight, dashboard first. */
  readonly links: ReadonlyArray<{ readonly label: string; readonly url: string }>;
}

export interface SummaryContext extends AccountNames {
  readonly accountId: string;
  readonly region: string;
  readonly links: InsightLinks;
  /** Anomalies listed. @default 5 */
  readonly maxAnomalies?: number;
  /** Recommendations listed. @default 3 */
  readonly maxRecommendations?: number;
}

const MINUTE = 60_000;

function span(ms: number): string {
  // Whole minutes below an hour read better in a mail than "0.9 h".
  return formatDurationSeconds(Math.max(MINUTE, Math.round(ms / MINUTE) * MINUTE) / 1000);
}

/** `2026-11-05 14:12–15:07 UTC` when both ends share a day, else two full times. */
function range(start: number, end: number): string {
  const a = formatTime(start);
  const b = formatTime(end);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(0, 16)}–${b.slice(11)}` : `${a} – ${b}`;
}

/** The root cause's first sentence, labelled `Cause:` unless it carries its own label. */
export function causeSentence(rootCause: string): string {
  const first = firstSentence(rootCause);
  return /^[A-Z][A-Za-z ]{2,30}: /.test(first) ? first : `Cause: ${first}`;
}

/** The first sentence of a text: up to the first `. ` that is followed by a capital letter. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])\s+(?=[A-Z])/s.exec(text.trim());
  return (m ? m[1]! : text.trim()).replace(/\s+/g, ' ');
}

function changeLine(n: InsightNotification): string {
  const i = n.insight;
  const prev = n.previous;
  switch (n.messageType) {
    case 'NEW_INSIGHT':
      return i.status === 'CLOSED' ? `New insight, already closed (it ended within one analysis cycle).` : 'New insight.';
    case 'CLOSED_INSIGHT':
      return closedLine(n);
    case 'SEVERITY_UPGRADED':
      return prev && prev.severity !== i.severity ? `Severity raised from ${prev.severity} to ${i.severity}.` : `Severity raised to ${i.severity}.`;
    case 'NEW_ASSOCIATION':
      return `More anomalies joined this insight (${i.anomalyIds.length} in all).`;
    case 'NEW_RECOMMENDATION':
      return `New recommendations (${i.recommendations.length} in all).`;
  }
}

/** Why the insight closed: its anomalies recovered, or the shift lasted and became the new normal. */
function closedLine(n: InsightNotification): string {
  const i = n.insight;
  const end = i.timeRange.end ?? i.updatedAt;
  const at = `at ${formatTime(end)}, after ${span(end - i.timeRange.start)}`;
  const settled = n.anomalies.filter((a) => a.closeReason === 'NEW_NORMAL').length;
  if (settled === 0) return `Closed: back to normal ${at}.`;
  if (settled === n.anomalies.length) return `Closed ${at}: the shift lasted and is now the new normal; nothing recovered, check that this level is intended.`;
  const recovered = n.anomalies.length - settled;
  return `Closed ${at}: ${recovered} ${recovered === 1 ? 'anomaly' : 'anomalies'} back to normal, ${settled} now the new normal (check that level is intended).`;
}

function whereLine(n: InsightNotification, ctx: SummaryContext): string {
  const c = n.insight.collection;
  const scope = c.type === 'STACK' ? `stack ${c.name}` : c.type === 'TAG' ? `tag ${c.tagKey ?? ''}=${c.name}` : 'the whole account';
  const { accountId, region } = insightPlace(n.insight, ctx);
  return `${scope}, account ${n.insight.accountId ? accountLabel(accountId, ctx) : accountId}, ${region}`;
}

function whenLine(n: InsightNotification): string {
  const t = n.insight.timeRange;
  if (t.end !== undefined) return `${range(t.start, t.end)} (${span(t.end - t.start)}), closed`;
  return `ongoing since ${formatTime(t.start)} (${span(n.insight.updatedAt - t.start)} so far)`;
}

function predictedLine(n: InsightNotification): string | undefined {
  const p = n.insight.predictionTimeRange;
  if (n.insight.type !== 'PROACTIVE' || !p) return undefined;
  return p.end !== undefined ? `between ${formatTime(p.start)} and ${formatTime(p.end)}` : `from ${formatTime(p.start)}`;
}

/** Resource types in words: `AWS::Lambda::Function` → `Lambda function`. */
export function resourceTypeLabel(type: string): string {
  const known: Record<string, string> = {
    'AWS::Lambda::Function': 'Lambda function',
    'AWS::DynamoDB::Table': 'DynamoDB table',
    'AWS::SQS::Queue': 'SQS queue',
    'AWS::SNS::Topic': 'SNS topic',
    'AWS::EC2::Instance': 'EC2 instance',
    'AWS::RDS::DBInstance': 'RDS instance',
    'AWS::ApiGateway::RestApi': 'API',
    'AWS::ApiGatewayV2::Api': 'API',
    'AWS::Kinesis::Stream': 'Kinesis stream',
    'AWS::ECS::Service': 'ECS service',
    'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer',
    'AWS::StepFunctions::StateMachine': 'state machine',
  };
  return known[type] ?? type.split('::').slice(1).join(' ');
}

/** A proactive anomaly's band is its trend's, not a normal range: it shows the level alone. */
function anomalyLine(a: Anomaly, proactive: boolean): SummaryAnomaly {
  const f = (v: number) => formatSeriesValue(v, a.series);
  const when = a.timeRange.end !== undefined ? range(a.timeRange.start, a.timeRange.end) : `since ${formatTime(a.timeRange.start)}`;
  return {
    what: `${a.series.metricName} on ${resourceTypeLabel(a.resourceType)} ${a.resourceName}`,
    value: proactive ? `at ${f(a.observed)} and ${a.direction === 'BELOW' ? 'falling' : 'rising'}` : `${f(a.observed)} (normal ${f(a.lower)}–${f(a.upper)})`,
    severity: a.severity,
    when,
  };
}

/** Worst first: severity, then causal before contextual, then score, then onset. */
export function worstFirst(anomalies: readonly Anomaly[]): Anomaly[] {
  return [...anomalies].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.type === b.type ? 0 : a.type === 'CAUSAL' ? -1 : 1) ||
      b.score - a.score ||
      a.timeRange.start - b.timeRange.start,
  );
}

export function summarize(n: InsightNotification, ctx: SummaryContext): InsightSummary {
  const i = n.insight;
  const maxA = ctx.maxAnomalies ?? 5;
  const maxR = ctx.maxRecommendations ?? 3;
  const anomalies = worstFirst(n.anomalies);
  const recs = i.recommendations.slice(0, maxR).map((r) => {
    const runbook = runbookFor(r);
    return { name: r.name, reason: r.reason, link: r.link, ...(runbook ? { runbook } : {}) };
  });
  const predicted = predictedLine(n);
  return {
    insightId: i.id,
    messageType: n.messageType,
    headline: `${i.severity} ${i.type === 'REACTIVE' ? 'reactive' : 'proactive'} insight: ${i.name}`,
    change: changeLine(n),
    where: whereLine(n, ctx),
    when: whenLine(n),
    ...(predicted ? { predicted } : {}),
    ...(i.rootCause ? { cause: causeSentence(i.rootCause) } : {}),
    anomalies: anomalies.slice(0, maxA).map((a) => anomalyLine(a, i.type === 'PROACTIVE')),
    moreAnomalies: Math.max(0, anomalies.length - maxA),
    recommendations: recs,
    moreRecommendations: Math.max(0, i.recommendations.length - maxR),
    logs: (i.logAnomalies ?? []).slice(0, 3).map((l) => logAnomalyLine(l, 200)),
    links: ctx.links.forInsight(i.id),
  };
}
