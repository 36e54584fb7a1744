/**
 * Runs a scenario bundle through the full pipeline on a store: cycles at a fixed cadence
 * from the first moment with enough history to the scenario's end.
 */
import { DEFAULT_CORRELATOR_CONFIG, runCycle, type CycleOptions, type CycleReport, type InsightStore, type Notifier, type StateStore } from '../core';
import { DEFAULT_REPLAY_HISTORY_MS, DEFAULT_REPLAY_STEP_MS, checkReplayBounds, type ScenarioBundle } from './scenario/bundle';
import { ReplayEventSource, ReplayMetricSource, StaticCatalog } from './scenario/replay';
import { ReplayLogSource } from './scenario/replay-logs';

export interface ReplayOptions extends CycleOptions {
  /** Time between cycles. @default 1 hour */
  readonly stepMs?: number;
  /** History before the first cycle. @default 1 day */
  readonly historyMs?: number;
  /** Called after each cycle; a returned promise is awaited before the next cycle. */
  readonly onCycle?: (report: CycleReport, index: number, total: number) => void | Promise<void>;
}

export async function replayScenario(
  bundle: ScenarioBundle,
  store: InsightStore & StateStore,
  notifier: Notifier,
  options: ReplayOptions = {},
): Promise<CycleReport[]> {
  const stepMs = options.stepMs ?? DEFAULT_REPLAY_STEP_MS;
  const historyMs = options.historyMs ?? DEFAULT_REPLAY_HISTORY_MS;
  checkReplayBounds(bundle, stepMs, historyMs);
  const ports = {
    metrics: new ReplayMetricSource(bundle),
    events: new ReplayEventSource(bundle.events),
    catalog: new StaticCatalog(bundle),
    insights: store,
    state: store,
    notifier,
    ...(bundle.logs.length ? { logs: new ReplayLogSource(bundle.logs) } : {}),
  };
  const times: number[] = [];
  for (let t = bundle.start + historyMs; t <= bundle.end; t += stepMs) times.push(t);
  if (times[times.length - 1] !== bundle.end) times.push(bundle.end);
  // Accounts the bundle says call each other are correlated together (the configuration's organization.dependencies).
  const deps = bundle.dependencies?.length ? { correlator: { ...(options.correlator ?? DEFAULT_CORRELATOR_CONFIG), accounts: { dependencies: bundle.dependencies } } } : {};
  const reports: CycleReport[] = [];
  for (const [i, now] of times.entries()) {
    const report = await runCycle(ports, now, { warmStartMs: historyMs, ...options, ...deps });
    reports.push(report);
    await options.onCycle?.(report, i + 1, times.length);
  }
  return reports;
}
