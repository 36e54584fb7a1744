/**
 * The rendered notification samples of docs/notifications.md and README.md, generated from
 * scenario replays so the documentation shows what the current code sends: a reactive insight
 * (the demo shop's bad deployment, replayed at the deployed 5-minute cadence around it) and a
 * proactive one (a memory leak). `npm run docs:notifications` rewrites the marked sections; a
 * test regenerates them and fails when the files differ.
 */
import {
  buildChatNotification,
  buildMessage,
  insightLinks,
  opsItemData,
  opsItemDescription,
  renderEmail,
  snsSubject,
  summarize,
  buildMessageStructure,
  type InsightLinks,
} from '../aws/outputs';
import type { InsightNotification } from '../core';
import { startEmbeddedStore } from './embedded-dynamo';
import { MemoryNotifier } from './notifier';
import { replayScenario } from './replay-run';
import type { ScenarioBundle } from './scenario/bundle';
import { demoScenario, incidentScenario } from './simulator';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The account, region and URLs the samples are rendered for. */
export const SAMPLE_CONTEXT = {
  accountId: '123456789012',
  region: 'eu-west-1',
  apiUrl: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/',
  dashboardUrl: 'https://opsight.example.com/',
} as const;

export interface SampleNotifications {
  /** Every notification of the demo's first reactive insight that closed, in order. */
  readonly reactive: InsightNotification[];
  /** Every notification of the memory leak's first proactive insight whose severity rose, in order. */
  readonly proactive: InsightNotification[];
}

/** Fills `previous` from the insight's prior notification, as the notifier does from the stream's old image. */
function withPrevious(list: readonly InsightNotification[]): InsightNotification[] {
  return list.map((n, k) => {
    const before = list[k - 1]?.insight;
    return before ? { ...n, previous: { severity: before.severity, status: before.status } } : n;
  });
}

/** Every notification of the first insight of `type` that was sent a `messageType` message. */
function insightWith(delivered: readonly InsightNotification[], type: 'REACTIVE' | 'PROACTIVE', messageType: InsightNotification['messageType']): InsightNotification[] {
  const hit = delivered.find((n) => n.insight.type === type && n.messageType === messageType);
  if (!hit) throw new Error(`The sample replay produced no ${type.toLowerCase()} insight with a ${messageType} message`);
  return withPrevious(delivered.filter((n) => n.insight.id === hit.insight.id));
}

async function replay(runs: ReadonlyArray<{ bundle: ScenarioBundle; stepMs: number; historyMs: number }>): Promise<InsightNotification[]> {
  const emb = await startEmbeddedStore();
  const notifier = new MemoryNotifier();
  try {
    for (const r of runs) await replayScenario(r.bundle, emb.store, notifier, { stepMs: r.stepMs, historyMs: r.historyMs });
    return notifier.delivered;
  } finally {
    await emb.close();
  }
}

/**
 * Replays the demo shop's first three days hourly, then its fourth day's afternoon every five
 * minutes (the bad deployment at 14:10 UTC), and a four-day memory-leak scenario.
 */
export async function replaySampleNotifications(): Promise<SampleNotifications> {
  const demo = demoScenario();
  const switchAt = demo.start + 3 * DAY + 13 * HOUR;
  const reactive = await replay([
    { bundle: { ...demo, end: switchAt }, stepMs: HOUR, historyMs: 2 * DAY },
    // Same bundle, later end: the first cycle lands 5 minutes after the last hourly one.
    { bundle: { ...demo, end: demo.start + 3 * DAY + 17 * HOUR }, stepMs: 5 * MINUTE, historyMs: switchAt + 5 * MINUTE - demo.start },
  ]);
  const leak = incidentScenario('memory-leak', 1);
  const proactive = await replay([{ bundle: leak, stepMs: leak.replay?.stepMs ?? HOUR, historyMs: leak.replay?.historyMs ?? DAY }]);
  return { reactive: insightWith(reactive, 'REACTIVE', 'CLOSED_INSIGHT'), proactive: insightWith(proactive, 'PROACTIVE', 'SEVERITY_UPGRADED') };
}

export function sampleLinks(): InsightLinks {
  return insightLinks({ apiUrl: SAMPLE_CONTEXT.apiUrl, dashboardUrl: SAMPLE_CONTEXT.dashboardUrl });
}

const ctx = () => ({ accountId: SAMPLE_CONTEXT.accountId, region: SAMPLE_CONTEXT.region, links: sampleLinks() });

/** The e-mail as a subscriber sees it: subject line, blank line, body. */
export function sampleEmail(n: InsightNotification): string {
  const c = ctx();
  return `Subject: ${snsSubject(n)}\n\n${renderEmail(summarize(n, c), n.id)}`;
}

function fence(lang: string, body: string): string {
  return ['```' + lang, body.replace(/\n$/, ''), '```'].join('\n');
}

function json(x: unknown): string {
  return JSON.stringify(x, null, 2);
}

function bytes(text: string): string {
  return `${Buffer.byteLength(text, 'utf8').toLocaleString('en-US')} bytes`;
}

function pick(list: readonly InsightNotification[], type: InsightNotification['messageType']): InsightNotification {
  const n = list.find((x) => x.messageType === type);
  if (!n) throw new Error(`The sample insight has no ${type} notification`);
  return n;
}

function insightSection(title: string, list: readonly InsightNotification[], changeType: 'CLOSED_INSIGHT' | 'SEVERITY_UPGRADED'): string {
  const c = ctx();
  const first = pick(list, 'NEW_INSIGHT');
  const change = pick(list, changeType);
  const structure = buildMessageStructure(first, { ...c, insightUrl: c.links.primary });
  const machine = buildMessage(first, { ...c, insightUrl: c.links.primary });
  const data = Object.fromEntries(Object.entries(opsItemData(first, c)).map(([k, v]) => [k, v.Value]));
  return [
    `### ${title}`,
    '',
    `Messages sent for this insight, in order: ${list.map((n) => `\`${n.messageType}\``).join(', ')}.`,
    '',
    `#### E-mail: \`NEW_INSIGHT\``,
    '',
    fence('text', sampleEmail(first)),
    '',
    `#### E-mail: \`${changeType}\``,
    '',
    fence('text', sampleEmail(change)),
    '',
    '#### Chat card: `NEW_INSIGHT`',
    '',
    fence('json', json(buildChatNotification(first, c))),
    '',
    '#### OpsItem created for `NEW_INSIGHT`',
    '',
    fence('text', opsItemDescription(summarize(first, c))),
    '',
    'Operational data (values as stored; `/aws/resources` and `/aws/automations` are JSON strings):',
    '',
    fence('json', json(data)),
    '',
    '#### Machine subscribers (`default`: SQS, Lambda, HTTP/S, `email-json`): `NEW_INSIGHT`',
    '',
    `The whole SNS message structure (JSON and e-mail) is ${bytes(structure)}.`,
    '',
    fence('json', json(machine)),
  ].join('\n');
}

/** The generated part of docs/notifications.md. */
export function renderSamplesSection(s: SampleNotifications): string {
  return [
    insightSection(`Reactive insight: ${s.reactive[0]!.insight.name}`, s.reactive, 'CLOSED_INSIGHT'),
    '',
    insightSection(`Proactive insight: ${s.proactive[0]!.insight.name}`, s.proactive, 'SEVERITY_UPGRADED'),
  ].join('\n');
}

/** The generated part of README.md's Deploy section: the first e-mail of the reactive sample. */
export function renderFirstEmailSection(s: SampleNotifications): string {
  return fence('text', sampleEmail(pick(s.reactive, 'NEW_INSIGHT')));
}

/** Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` (markers kept). */
export function spliceSection(text: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`Markers ${begin} … ${end} not found`);
  return `${text.slice(0, a + begin.length)}\n${body}\n${text.slice(b)}`;
}
