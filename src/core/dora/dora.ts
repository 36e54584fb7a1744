/**
 * DORA metrics per stack from deployments (DEPLOYMENT events) and insights. Pure.
 *
 * - Deployment frequency: distinct deployments in [from, to] per day. One rollout often leaves
 *   several records (a CodeDeploy deployment and the Lambda `UpdateAlias` it calls, or
 *   `UpdateFunctionCode` + `PublishVersion` + `UpdateAlias`): DEPLOYMENT events of the same
 *   stack and target resource within `mergeWindowMs` of the first one count once.
 * - Change-failure rate: the share of those deployments followed, within `failureWindowMs`
 *   of the deployment, by the onset of a reactive insight that lists one of the deployment's
 *   events among its relevant events (the correlator lists only events before onset, ranked).
 *   Null without deployments.
 * - MTTR: mean minutes from start to end of the closed reactive insights that start in
 *   [from, to]. Null when none closed.
 * A deployment or insight outside any CloudFormation stack counts under `account`.
 *
 * Member accounts: records carrying an `accountId` are counted in their account (a stack of one
 * name in two accounts is two rows), and the report adds one row per account (`accounts`),
 * the account Opsight runs in without an id. A deployment still fails through any insight that
 * lists it (the correlator lists another account's change only where a dependency links them).
 */
import type { Insight, OpsEvent } from '../model';

const DAY = 86_400_000;
const MIN = 60_000;

/** The stack bucket of deployments and insights that are not in a CloudFormation stack. */
export const NO_STACK = 'account';

export interface DoraOptions {
  /** A deployment failed if a linked insight starts within this long after it. @default 24 hours */
  readonly failureWindowMs?: number;
  /** DEPLOYMENT events of one stack and target this close to the first count as one deployment. @default 15 minutes */
  readonly mergeWindowMs?: number;
}

export interface DoraInput extends DoraOptions {
  /** Events of the window (and, for merging, a little before); non-deployments are ignored. */
  readonly events: readonly OpsEvent[];
  /** Insights that may be linked to the deployments (typically those starting in the window). */
  readonly insights: readonly Insight[];
  readonly from: number;
  readonly to: number;
  /** Only this stack. */
  readonly stack?: string;
  /** Only this member account (12 digits). */
  readonly account?: string;
}

/** One rollout: its records merged. */
export interface Deployment {
  /** Id of its first record (a CodeDeploy deployment id when there is one). */
  readonly id: string;
  readonly time: number;
  readonly stack: string;
  /** The member account it happened in; absent = the account Opsight runs in. */
  readonly accountId?: string;
  /** The resource it updated (first resource of the first record), if known. */
  readonly target?: string;
  /** Ids of every merged record. */
  readonly eventIds: readonly string[];
}

export interface DoraRow {
  readonly stack: string;
  /** The member account of the stack (or, in `accounts`, the row's account); absent = the account Opsight runs in. */
  readonly accountId?: string;
  readonly deployments: number;
  readonly deploymentsPerDay: number;
  readonly failedDeployments: number;
  /** failed / deployments, in [0, 1]; null without deployments. */
  readonly changeFailureRate: number | null;
  /** Mean time to recover over closed reactive insights, in minutes; null when none closed. */
  readonly mttrMinutes: number | null;
}

export interface DoraReport {
  readonly from: number;
  readonly to: number;
  readonly days: number;
  readonly total: DoraRow;
  readonly stacks: DoraRow[];
  /** One row per account (stack `all`), present only when some deployment or insight is in a member account. */
  readonly accounts?: DoraRow[];
}

function stackOfInsight(i: Insight): string {
  return i.collection.type === 'STACK' ? i.collection.name : NO_STACK;
}

/**
 * Distinct deployments from DEPLOYMENT events, oldest first; records of one stack and target
 * within `mergeWindowMs` of a deployment's first record merge into it (CodeDeploy records win the id). O(n log n).
 */
export function distinctDeployments(events: readonly OpsEvent[], mergeWindowMs = 15 * MIN): Deployment[] {
  const sorted = events
    .filter((e) => e.class === 'DEPLOYMENT')
    .sort((a, b) => a.time - b.time || (a.dataSource === b.dataSource ? a.id.localeCompare(b.id) : a.dataSource === 'CODE_DEPLOY' ? -1 : 1));
  const out: Array<{ id: string; time: number; stack: string; accountId?: string; target?: string; eventIds: string[]; codeDeploy: boolean }> = [];
  const open = new Map<string, (typeof out)[number]>();
  for (const e of sorted) {
    const stack = e.stack ?? NO_STACK;
    const target = e.resources[0]?.name;
    const key = target === undefined ? undefined : `${e.accountId ?? ''}\u001f${stack}\u001f${target}`;
    const current = key === undefined ? undefined : open.get(key);
    if (current && e.time - current.time <= mergeWindowMs) {
      current.eventIds.push(e.id);
      if (e.dataSource === 'CODE_DEPLOY' && !current.codeDeploy) {
        current.id = e.id;
        current.codeDeploy = true;
      }
      continue;
    }
    const d = { id: e.id, time: e.time, stack, ...(e.accountId ? { accountId: e.accountId } : {}), ...(target !== undefined ? { target } : {}), eventIds: [e.id], codeDeploy: e.dataSource === 'CODE_DEPLOY' };
    out.push(d);
    if (key !== undefined) open.set(key, d);
  }
  return out.map(({ codeDeploy: _c, ...d }) => d);
}

/** Whether a reactive insight starting within `failureWindowMs` after the deployment names one of its records. O(insights × records). */
export function isFailedDeployment(d: Deployment, insights: readonly Insight[], failureWindowMs = DAY): boolean {
  const ids = new Set(d.eventIds);
  return insights.some(
    (i) =>
      i.type === 'REACTIVE' &&
      i.timeRange.start >= d.time &&
      i.timeRange.start <= d.time + failureWindowMs &&
      i.relevantEventIds.some((id) => ids.has(id)),
  );
}

/** Mean minutes from start to end over closed reactive insights, to 0.1 min; null when none. O(n). */
export function meanTimeToRecoverMinutes(insights: readonly Pick<Insight, 'type' | 'status' | 'timeRange'>[]): number | null {
  const closed = insights.filter((i) => i.type === 'REACTIVE' && i.status === 'CLOSED' && i.timeRange.end !== undefined);
  if (closed.length === 0) return null;
  const total = closed.reduce((s, i) => s + ((i.timeRange.end ?? i.timeRange.start) - i.timeRange.start), 0);
  return Math.round((total / closed.length / MIN) * 10) / 10;
}

/** Where a deployment or insight is counted: its account and stack. */
function rowKey(accountId: string | undefined, stack: string): string {
  return `${accountId ?? ''}\u001f${stack}`;
}

function row(stack: string, deployments: readonly Deployment[], failed: number, closedInWindow: readonly Insight[], days: number): DoraRow {
  return {
    stack,
    deployments: deployments.length,
    deploymentsPerDay: Math.round((deployments.length / days) * 100) / 100,
    failedDeployments: failed,
    changeFailureRate: deployments.length ? Math.round((failed / deployments.length) * 1000) / 1000 : null,
    mttrMinutes: meanTimeToRecoverMinutes(closedInWindow),
  };
}

/** Rows grouped by `keyOf` (account and stack, or account alone), sorted by key. */
function rowsBy(
  keyOf: (accountId: string | undefined, stack: string) => string,
  label: (stack: string) => string,
  deployments: readonly Deployment[],
  failed: ReadonlySet<string>,
  inWindow: readonly Insight[],
  days: number,
): DoraRow[] {
  const groups = new Map<string, { accountId?: string; stack: string; deployments: Deployment[]; insights: Insight[] }>();
  const group = (accountId: string | undefined, stack: string) => {
    const key = keyOf(accountId, stack);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { stack: label(stack), ...(accountId ? { accountId } : {}), deployments: [], insights: [] }));
    return g;
  };
  for (const d of deployments) group(d.accountId, d.stack).deployments.push(d);
  for (const i of inWindow) group(i.accountId, stackOfInsight(i)).insights.push(i);
  return [...groups]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([, g]) => ({
      ...row(g.stack, g.deployments, g.deployments.filter((d) => failed.has(d.id)).length, g.insights, days),
      ...(g.accountId ? { accountId: g.accountId } : {}),
    }));
}

/** DORA metrics per stack, per account when there are member accounts, and in total over [from, to]. O(D × I + n log n). */
export function doraMetrics(input: DoraInput): DoraReport {
  const { from, to } = input;
  const days = Math.max((to - from) / DAY, 1 / 24);
  const failureWindowMs = input.failureWindowMs ?? DAY;
  const inAccount = (x: { accountId?: string | undefined }) => input.account === undefined || x.accountId === input.account;
  const deployments = distinctDeployments(input.events, input.mergeWindowMs).filter(
    (d) => d.time >= from && d.time <= to && (input.stack === undefined || d.stack === input.stack) && inAccount(d),
  );
  const insights = input.insights.filter((i) => (input.stack === undefined || stackOfInsight(i) === input.stack) && inAccount(i));
  const inWindow = insights.filter((i) => i.timeRange.start >= from && i.timeRange.start <= to);
  const failed = new Set(deployments.filter((d) => isFailedDeployment(d, insights, failureWindowMs)).map((d) => d.id));
  const stacks = rowsBy(rowKey, (s) => s, deployments, failed, inWindow, days);
  const total = row(input.stack ?? 'all', deployments, failed.size, inWindow, days);
  const members = deployments.some((d) => d.accountId) || inWindow.some((i) => i.accountId);
  const accounts = members ? rowsBy((a) => a ?? '', () => input.stack ?? 'all', deployments, failed, inWindow, days) : undefined;
  return { from, to, days: Math.round(days * 100) / 100, total, stacks, ...(accounts ? { accounts } : {}) };
}
