/**
 * Changes, not records. One rollout leaves several records: a CodeDeploy deployment of a Lambda
 * function writes `UpdateAlias` twice (the canary step, then the rest), a pipeline's
 * `UpdateFunctionCode` is followed by `PublishVersion` and `UpdateAlias`. Ranked one by one, the
 * alias shift nearest the onset would outrank the deployment it belongs to and be named as the
 * cause. Grouped, the change is ranked once and named by its most telling record.
 *
 * Grouping rule: DEPLOYMENT records that name a common resource and fall within
 * `CHANGE_WINDOW_MS` of the change's first record, in one account, are one change. Other records (a configuration
 * or policy change) are changes of their own.
 *
 * The record that names a change (its *primary*): a CodeDeploy deployment, then a record that
 * ships new code or a new revision (`UpdateFunctionCode`, an API deployment), then
 * `PublishVersion`, then alias updates, which only shift traffic; ties go to the earliest.
 */
import type { OpsEvent } from '../model';
import { shortName } from './raw';

/** Records of one rollout fall within this long of its first record. */
export const CHANGE_WINDOW_MS = 15 * 60_000;

/** A change: its primary record first, then the others in time order. */
export interface Change {
  readonly primary: OpsEvent;
  readonly records: readonly OpsEvent[];
}

const TRAFFIC_SHIFT = new Set(['UpdateAlias', 'CreateAlias']);
const VERSION = new Set(['PublishVersion', 'PublishLayerVersion']);

/** Lower is more telling (see the module comment). */
function primacy(e: OpsEvent): number {
  if (e.dataSource === 'CODE_DEPLOY') return 0;
  if (TRAFFIC_SHIFT.has(e.name)) return 3;
  if (VERSION.has(e.name)) return 2;
  return 1;
}

function targets(e: OpsEvent): Set<string> {
  return new Set(e.resources.map((r) => shortName(r.name)));
}

function sharesTarget(a: ReadonlySet<string>, e: OpsEvent): boolean {
  return e.resources.some((r) => a.has(shortName(r.name)));
}

/** Groups records into changes (see the module comment). Deterministic; O(n log n + n·g). */
export function groupChanges(events: readonly OpsEvent[]): Change[] {
  const sorted = [...events].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  const open: { first: number; accountId: string | undefined; targets: Set<string>; records: OpsEvent[] }[] = [];
  const out: OpsEvent[][] = [];
  for (const e of sorted) {
    if (e.class !== 'DEPLOYMENT' || e.resources.length === 0) {
      out.push([e]);
      continue;
    }
    const group = open.find((g) => e.time - g.first <= CHANGE_WINDOW_MS && g.accountId === e.accountId && sharesTarget(g.targets, e));
    if (group) {
      group.records.push(e);
      for (const t of targets(e)) group.targets.add(t);
      continue;
    }
    const created = { first: e.time, accountId: e.accountId, targets: targets(e), records: [e] };
    open.push(created);
    out.push(created.records);
  }
  return out.map((records) => {
    const primary = [...records].sort((a, b) => primacy(a) - primacy(b) || a.time - b.time || a.id.localeCompare(b.id))[0]!;
    return { primary, records: [primary, ...records.filter((r) => r !== primary)] };
  });
}
