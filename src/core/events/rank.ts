/**
 * Ranks the changes around an insight and states a root-cause hypothesis in words. Records are
 * first grouped into changes (`changes.ts`: a rollout and its alias shifts are one change); a
 * change scores as its best record:
 *
 * score = scope × class weight × recency × impact, where
 * - scope: the change touches the resource where the problem originates (1.0), another
 *   resource of the insight (0.7), the insight's stack (0.45), or only the account (0.15). A
 *   change to an IAM role reaches the resources that use the role (`roleServes`);
 * - class weight: DEPLOYMENT 1.0, CONFIG_CHANGE 0.9, SCHEMA_CHANGE 0.75, SECURITY_CHANGE 0.7,
 *   INFRASTRUCTURE 0.5 (changes to running code and settings break things most often);
 * - recency: 1 / (1 + minutes before onset / 30), so a change 30 min before onset counts half;
 * - impact: how plausible the kind of call is as a cause (tagging 0.1; see `eventImpact`).
 * Only events from `lookbackMs` before onset to `afterOnsetMs` after it are candidates: the
 * onset is known to the metric period, so a change a few minutes "after" the first anomalous
 * period's timestamp can still be its cause. Such an event is weighted down
 * (AFTER_ONSET_WEIGHT): the deviation was already measured in a period that began before it,
 * so a comparable change before the onset is the likelier cause.
 *
 * A change is stated as the *likely* cause only when it touched a resource of the insight and
 * scores at least LIKELY_CAUSE_SCORE; a change elsewhere in the stack or account is at most
 * "possibly related": Opsight does not claim a cause it cannot connect to the problem.
 */
import { typeLabel } from '../correlate/topology';
import type { EventClass, OpsEvent, ResourceCollection } from '../model';
import { groupChanges } from './changes';
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
  /** The member account the resource is in; absent = the account Opsight runs in. */
  readonly accountId?: string;
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
  /** The record that names the change (see `changes.ts`). */
  readonly event: OpsEvent;
  /** Every record of the change, `event` first. */
  readonly records: readonly OpsEvent[];
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

/** Words of a name: split at separators and case changes, lower-cased; ids and hashes (with digits) left out. */
function nameWords(name: string): string[] {
  return shortName(name)
    .split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/)
    .filter((w) => w.length > 0 && !/\d/.test(w))
    .map((w) => w.toLowerCase());
}

/** Words that say a role is a role, not whose it is. */
const ROLE_WORDS = new Set(['role', 'service', 'execution', 'exec', 'task', 'instance', 'profile', 'lambda', 'function', 'policy']);

/**
 * Whether an IAM role (named by a change) is the role of resource `ref`. CloudTrail and metrics
 * carry no link between the two, so the names decide: the role's distinctive words (four letters
 * or more, without words such as "role" or "service", ids and hashes) all appear in the
 * resource's name, and there is at least one (`checkout-role` serves `checkout`;
 * `ShopApi-CheckoutFnServiceRole12AB-XYZ9` serves `ShopApi-CheckoutFn5E6F-QRS1`).
 */
export function roleServes(roleName: string, ref: ResourceRef): boolean {
  const role = nameWords(roleName).filter((w) => w.length >= 4 && !ROLE_WORDS.has(w));
  if (role.length === 0) return false;
  const own = `${shortName(ref.name)} ${ref.id}`.toLowerCase().replace(/[^a-z0-9 ]/g, '');
  return role.every((w) => own.includes(w));
}

function isRole(r: OpsEvent['resources'][number]): boolean {
  return r.type === 'AWS::IAM::Role' || /^arn:aws[a-z-]*:iam::\d*:role\//.test(r.name);
}

/** Whether an event names `ref`, or changes a role that `ref` uses (in the resource's own account: names repeat across accounts). */
function reaches(e: OpsEvent, ref: ResourceRef): boolean {
  if (e.accountId !== ref.accountId) return false;
  return e.resources.some((r) => namesResource(r.name, ref) || (isRole(r) && roleServes(r.name, ref)));
}

function scopeOf(e: OpsEvent, ctx: RankContext): { scope: EventScope; target?: ResourceRef } {
  if (reaches(e, ctx.origin)) return { scope: 'RESOURCE', target: ctx.origin };
  for (const ref of ctx.resources) {
    if (reaches(e, ref)) return { scope: 'RELATED_RESOURCE', target: ref };
  }
  if (ctx.collection.type === 'STACK' && e.stack === ctx.collection.name && e.accountId === ctx.collection.accountId) return { scope: 'STACK' };
  return { scope: 'ACCOUNT' };
}

interface ScoredRecord {
  readonly event: OpsEvent;
  readonly score: number;
  readonly scope: EventScope;
  readonly target?: ResourceRef;
  readonly minutesBeforeOnset: number;
}

function scoreRecord(e: OpsEvent, ctx: RankContext, halfLife: number): ScoredRecord {
  const { scope, target } = scopeOf(e, ctx);
  const minutesBeforeOnset = (ctx.onset - e.time) / 60_000;
  const recency = minutesBeforeOnset < 0 ? AFTER_ONSET_WEIGHT : 1 / (1 + minutesBeforeOnset / halfLife);
  const score = SCOPE_WEIGHT[scope] * CLASS_WEIGHT[e.class] * recency * eventImpact(e.source, e.name);
  return { event: e, score, scope, minutesBeforeOnset, ...(target ? { target } : {}) };
}

/**
 * The relevant changes of an insight, best first (ties: nearer to onset, then id). A change
 * scores as its best record and is named by its primary record. O(E·R + E log E).
 */
export function rankEvents(ctx: RankContext, events: readonly OpsEvent[], options: RankOptions = {}): RankedEvent[] {
  const lookbackMs = options.lookbackMs ?? 2 * 3_600_000;
  const afterOnsetMs = options.afterOnsetMs ?? 5 * 60_000;
  const halfLife = options.halfLifeMinutes ?? 30;
  const minScore = options.minScore ?? 0.03;
  const maxEvents = options.maxEvents ?? 10;
  const window = events.filter((e) => e.time >= ctx.onset - lookbackMs && e.time <= ctx.onset + afterOnsetMs);
  const out: RankedEvent[] = [];
  for (const change of groupChanges(window)) {
    const scored = change.records.map((e) => scoreRecord(e, ctx, halfLife));
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    if (best.score < minScore) continue;
    const { target } = best;
    out.push({
      event: change.primary,
      records: change.records,
      score: best.score,
      scope: best.scope,
      minutesBeforeOnset: best.minutesBeforeOnset,
      ...(target ? { target } : {}),
    });
  }
  out.sort((a, b) => b.score - a.score || Math.abs(a.minutesBeforeOnset) - Math.abs(b.minutesBeforeOnset) || a.event.id.localeCompare(b.event.id));
  return out.slice(0, maxEvents);
}

/** The ids of ranked changes' records, each change's primary first, at most `max`. */
export function relevantEventIds(ranked: readonly RankedEvent[], max = 20): string[] {
  return ranked.flatMap((r) => r.records.map((e) => e.id)).slice(0, max);
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

/** What a change did, in words, by what it is (never by an event id): `deployment of Lambda function checkout (CodeDeploy)`, `policy change PutRolePolicy on IAM role checkout-role (used by Lambda function checkout) by alice`. */
export function describeEvent(ranked: Pick<RankedEvent, 'event' | 'target'>): string {
  const e = ranked.event;
  const changed = e.resources[0];
  const role = changed && isRole(changed) ? changed : undefined;
  const target = ranked.target;
  const on = role
    ? `${typeLabel('AWS::IAM::Role')} ${shortName(role.name)}${target ? ` (used by ${typeLabel(target.type)} ${target.name})` : ''}`
    : target
      ? `${typeLabel(target.type)} ${target.name}`
      : changed
        ? `${typeLabel(changed.type)} ${shortName(changed.name)}`
        : e.stack
          ? `stack ${e.stack}`
          : undefined;
  if (e.dataSource === 'CODE_DEPLOY') return `deployment${on ? ` of ${on}` : ''} (CodeDeploy)`;
  const by = e.user ? ` by ${e.user}` : '';
  const what = role && e.class === 'SECURITY_CHANGE' ? 'policy change' : CLASS_WORDS[e.class];
  return `${what} ${e.name}${on ? ` on ${on}` : ''}${by}`;
}

/** Score at or above which the best change is stated as the likely cause rather than a possible one. */
export const LIKELY_CAUSE_SCORE = 0.25;

/**
 * Whether the best change is confident enough to be named the likely cause (see the module
 * comment). Never when the onset is only known to hours (`sharpOnset` false: a gradual
 * degradation): the minutes between a change and such an onset say nothing.
 */
export function isLikelyCause(r: Pick<RankedEvent, 'score' | 'scope'>, sharpOnset = true): boolean {
  return sharpOnset && r.score >= LIKELY_CAUSE_SCORE && (r.scope === 'RESOURCE' || r.scope === 'RELATED_RESOURCE');
}

/**
 * The root-cause hypothesis of an insight: the best-ranked change with its distance to onset,
 * or, with no change, where the problem appears to originate (`originSummary`). Undefined
 * when there is neither.
 */
export function rootCauseHypothesis(ranked: readonly RankedEvent[], originSummary?: string, sharpOnset = true): string | undefined {
  const best = ranked[0];
  const origin = originSummary ? ` ${originSummary}` : '';
  if (!best) return originSummary ? `No change event precedes the onset.${origin}` : undefined;
  const lead = isLikelyCause(best, sharpOnset) ? 'Likely cause' : 'Possibly related';
  return `${lead}: ${describeEvent(best)}, ${relativeToOnset(best.minutesBeforeOnset)}.${origin}`;
}
