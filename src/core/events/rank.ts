/**
 * Ranks the change events around an insight and states a root-cause hypothesis in words.
 *
 * score = scope × class weight × recency × impact, where
 * - scope: the event touches the resource where the problem originates (1.0), another
 *   resource of the insight (0.7), the insight's stack (0.45), or only the account (0.15);
 * - class weight: DEPLOYMENT 1.0, CONFIG_CHANGE 0.9, SCHEMA_CHANGE 0.75, SECURITY_CHANGE 0.7,
 *   INFRASTRUCTURE 0.5 (changes to running code and settings break things most often);
 * - recency: 1 / (1 + minutes before onset / 30), so a change 30 min before onset counts half;
 * - impact: how plausible the kind of call is as a cause (tagging 0.1; see `eventImpact`).
 * Only events from `lookbackMs` before onset to `afterOnsetMs` after it are candidates: the
 * onset is known to the metric period, so a change a few minutes "after" the first anomalous
 * period's timestamp can still be its cause. Such an event is weighted down
 * (AFTER_ONSET_WEIGHT): the deviation was already measured in a period that began before it,
 * so a comparable change before the onset is the likelier cause.
 */
import { typeLabel } from '../correlate/topology';
import type { EventClass, OpsEvent, ResourceCollection } from '../model';
import { eventImpact } from './classify';
import { shortName } from './raw';

/** Weight of an event after the onset timestamp relative to one just before it. */
const AFTER_ONSET_WEIGHT = 0.5;

/** A resource of an insight, as events may name it. */
export interface ResourceRef {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  readonly arn?: string;
}

export interface RankContext {
  /** Onset of the insight (start of its earliest anomaly). */
  readonly onset: number;
  /** The resource where the problem originates (the causal anomaly's). */
  readonly origin: ResourceRef;
  /** Every resource with an anomaly in the insight. */
  readonly resources: readonly ResourceRef[];
  readonly collection: ResourceCollection;
}

export interface RankOptions {
  /** How far before onset an event may be. @default 2 hours */
  readonly lookbackMs?: number;
  /** How far after onset an event may be (the metric period's uncertainty). @default 5 minutes */
  readonly afterOnsetMs?: number;
  /** Minutes before onset at which recency halves. @default 30 */
  readonly halfLifeMinutes?: number;
  /** Events scoring below this are left out. @default 0.03 */
  readonly minScore?: number;
  /** At most this many events are kept. @default 10 */
  readonly maxEvents?: number;
}

export type EventScope = 'RESOURCE' | 'RELATED_RESOURCE' | 'STACK' | 'ACCOUNT';

export const SCOPE_WEIGHT: Record<EventScope, number> = { RESOURCE: 1, RELATED_RESOURCE: 0.7, STACK: 0.45, ACCOUNT: 0.15 };
export const CLASS_WEIGHT: Record<EventClass, number> = {
  DEPLOYMENT: 1,
  CONFIG_CHANGE: 0.9,
  SCHEMA_CHANGE: 0.75,
  SECURITY_CHANGE: 0.7,
  INFRASTRUCTURE: 0.5,
};

export interface RankedEvent {
  readonly event: OpsEvent;
  readonly score: number;
  readonly scope: EventScope;
  /** The insight resource the event touches, for RESOURCE and RELATED_RESOURCE scopes. */
  readonly target?: ResourceRef;
  /** Minutes from the event to onset (negative when after onset). */
  readonly minutesBeforeOnset: number;
}

/** Whether an event's resource name (a name, an id or an ARN) denotes this resource. */
export function namesResource(eventResourceName: string, ref: ResourceRef): boolean {
  if (eventResourceName === ref.id || eventResourceName === ref.name || (ref.arn !== undefined && eventResourceName === ref.arn)) return true;
  const short = shortName(eventResourceName);
  return short === ref.name || short === ref.id || (ref.arn !== undefined && shortName(ref.arn) === short && eventResourceName.startsWith('arn:'));
}

function scopeOf(e: OpsEvent, ctx: RankContext): { scope: EventScope; target?: ResourceRef } {
  if (e.resources.some((r) => namesResource(r.name, ctx.origin))) return { scope: 'RESOURCE', target: ctx.origin };
  for (const ref of ctx.resources) {
    if (e.resources.some((r) => namesResource(r.name, ref))) return { scope: 'RELATED_RESOURCE', target: ref };
  }
  if (ctx.collection.type === 'STACK' && e.stack === ctx.collection.name) return { scope: 'STACK' };
  return { scope: 'ACCOUNT' };
}

/** The relevant events of an insight, best first (ties: nearer to onset, then id). O(E·R + E log E). */
export function rankEvents(ctx: RankContext, events: readonly OpsEvent[], options: RankOptions = {}): RankedEvent[] {
  const lookbackMs = options.lookbackMs ?? 2 * 3_600_000;
  const afterOnsetMs = options.afterOnsetMs ?? 5 * 60_000;
  const halfLife = options.halfLifeMinutes ?? 30;
  const minScore = options.minScore ?? 0.03;
  const maxEvents = options.maxEvents ?? 10;
  const out: RankedEvent[] = [];
  for (const e of events) {
    if (e.time < ctx.onset - lookbackMs || e.time > ctx.onset + afterOnsetMs) continue;
    const { scope, target } = scopeOf(e, ctx);
    const minutesBeforeOnset = (ctx.onset - e.time) / 60_000;
    const recency = minutesBeforeOnset < 0 ? AFTER_ONSET_WEIGHT : 1 / (1 + minutesBeforeOnset / halfLife);
    const score = SCOPE_WEIGHT[scope] * CLASS_WEIGHT[e.class] * recency * eventImpact(e.source, e.name);
    if (score < minScore) continue;
    out.push({ event: e, score, scope, minutesBeforeOnset, ...(target ? { target } : {}) });
  }
  out.sort((a, b) => b.score - a.score || Math.abs(a.minutesBeforeOnset) - Math.abs(b.minutesBeforeOnset) || a.event.id.localeCompare(b.event.id));
  return out.slice(0, maxEvents);
}

const CLASS_WORDS: Record<EventClass, string> = {
  DEPLOYMENT: 'deployment',
  CONFIG_CHANGE: 'configuration change',
  SCHEMA_CHANGE: 'schema change',
  SECURITY_CHANGE: 'security change',
  INFRASTRUCTURE: 'infrastructure change',
};

/** `6 min before onset`, `at onset`, `2 min after onset`, `3.5 h before onset`. */
export function relativeToOnset(minutesBefore: number): string {
  const m = Math.round(minutesBefore);
  if (m === 0) return 'at onset';
  const abs = Math.abs(m);
  const amount = abs >= 120 ? `${Math.round(abs / 6) / 10} h` : `${abs} min`;
  return `${amount} ${m > 0 ? 'before' : 'after'} onset`;
}

/** What an event changed, in words: `deployment d-123 of Lambda function checkout`, `configuration change UpdateFunctionConfiguration on Lambda function checkout by alice`, `policy change PutRolePolicy on IAM role checkout-role by ci`. */
export function describeEvent(ranked: Pick<RankedEvent, 'event' | 'target'>): string {
  const e = ranked.event;
  const r = ranked.target ? { type: ranked.target.type, name: ranked.target.name } : e.resources[0];
  const what = r ? `${typeLabel(r.type)} ${ranked.target ? r.name : shortName(r.name)}` : e.stack ? `stack ${e.stack}` : undefined;
  if (e.dataSource === 'CODE_DEPLOY') return `deployment ${e.id}${what ? ` of ${what}` : ''}`;
  const by = e.user ? ` by ${e.user}` : '';
  const kind = e.class === 'SECURITY_CHANGE' && /Policy/.test(e.name) ? 'policy change' : CLASS_WORDS[e.class];
  return `${kind} ${e.name}${what ? ` on ${what}` : ''}${by}`;
}

/** Score at or above which the best event is stated as the likely cause rather than a possible one. */
export const LIKELY_CAUSE_SCORE = 0.25;

/**
 * The root-cause hypothesis of an insight: the best-ranked event with its distance to onset,
 * or, with no event, where the problem appears to originate (`originSummary`). Undefined
 * when there is neither.
 */
export function rootCauseHypothesis(ranked: readonly RankedEvent[], originSummary?: string): string | undefined {
  const best = ranked[0];
  const origin = originSummary ? ` ${originSummary}` : '';
  if (!best) return originSummary ? `No change event precedes the onset.${origin}` : undefined;
  const lead = best.score >= LIKELY_CAUSE_SCORE ? 'Likely cause' : 'Possibly related';
  return `${lead}: ${describeEvent(best)}, ${relativeToOnset(best.minutesBeforeOnset)}.${origin}`;
}
