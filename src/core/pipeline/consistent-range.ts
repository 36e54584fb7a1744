/**
 * An insight's `timeRange.start` is never after the onset of its earliest anomaly: the
 * correlator may date an insight from its causal anomaly, but a reader of the API who sees
 * anomalies from 18:40 must not read that the insight began at 20:00. The rule is enforced
 * where insights are written, by wrapping the store the pipeline writes through: anomalies the
 * step read or wrote are remembered, and every saved insight (with its notifications) starts no
 * later than the earliest of its anomalies. Anomalies it has not seen are read once.
 */
import type { Anomaly, Insight, InsightNotification } from '../model';
import type { InsightStore, NotificationOutbox } from '../ports';

/** The insight with `timeRange.start` moved back to its earliest anomaly's onset, when that is earlier. O(anomalies). */
export function startNoLaterThanAnomalies(insight: Insight, anomalies: ReadonlyMap<string, Pick<Anomaly, 'timeRange'>>): Insight {
  let start = insight.timeRange.start;
  for (const id of insight.anomalyIds) {
    const a = anomalies.get(id);
    if (a) start = Math.min(start, a.timeRange.start);
  }
  if (start === insight.timeRange.start) return insight;
  return { ...insight, timeRange: { ...insight.timeRange, start } };
}

type Writable = InsightStore & Partial<Pick<NotificationOutbox, 'saveInsightWithNotifications'>>;

export interface ConsistentStore<S> {
  /** The wrapped store: every insight it saves follows the rule. */
  readonly store: S;
  /** The insights saved through it, as saved (by id), so notifications sent later carry them. */
  readonly saved: ReadonlyMap<string, Insight>;
}

/** `store` with the rule applied to every insight it saves. */
export function withConsistentTimeRanges<S extends Writable>(store: S): ConsistentStore<S> {
  const seen = new Map<string, Anomaly>();
  const saved = new Map<string, Insight>();
  const remember = (list: readonly Anomaly[]) => {
    for (const a of list) seen.set(a.id, a);
  };
  const fix = async (insight: Insight): Promise<Insight> => {
    const missing = insight.anomalyIds.filter((id) => !seen.has(id));
    if (missing.length) remember(await store.getAnomalies(missing));
    return startNoLaterThanAnomalies(insight, seen);
  };
  const wrapper: Partial<Writable> = {
    getAnomalies: async (ids) => {
      const found = await store.getAnomalies(ids);
      remember(found);
      return found;
    },
    putAnomalies: async (anomalies) => {
      await store.putAnomalies(anomalies);
      remember(anomalies);
    },
    saveInsight: async (insight) => {
      const fixed = await fix(insight);
      await store.saveInsight(fixed);
      saved.set(fixed.id, fixed);
    },
  };
  if (store.saveInsightWithNotifications) {
    const save = store.saveInsightWithNotifications.bind(store);
    wrapper.saveInsightWithNotifications = async (insight: Insight, notifications: readonly InsightNotification[]) => {
      const fixed = await fix(insight);
      await save(
        fixed,
        notifications.map((n) => (n.insight.id === fixed.id ? { ...n, insight: fixed } : n)),
      );
      saved.set(fixed.id, fixed);
    };
  }
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in wrapper) return wrapper[prop as keyof Writable];
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store: proxy, saved };
}
