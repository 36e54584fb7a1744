/**
 * The scenario bundle: a self-contained JSON document describing resources, their metric
 * series on a regular grid, change events and labelled incidents. Anyone can write one and
 * replay it through the full pipeline (`opsight start --scenario FILE`, `opsight bench scenarios`).
 */
import { z } from 'zod';
import { AccountDependencySchema, AccountIdSchema, EventSchema, ResourceSchema, SeriesSchema, ValidationError, parseOrThrow } from '../../core';

/** One metric series of a resource: values every `periodSeconds` from the bundle's `start`; null = missing. */
export const BundleSeriesSchema = SeriesSchema.extend({
  resourceId: z.string().min(1),
  values: z.array(z.number().finite().nullable()),
});
export type BundleSeries = z.infer<typeof BundleSeriesSchema>;

/** A labelled incident the pipeline should find (used by the scenario benchmark). */
export const LabelSchema = z.object({
  kind: z.string().min(1),
  /** Incident onset and end (epoch ms). */
  start: z.number().int(),
  end: z.number().int(),
  /** Resource where the problem originates. */
  resourceId: z.string().min(1),
  /** REACTIVE incidents should open a reactive insight; PROACTIVE ones a forecast. HARMLESS ones should open none. */
  expect: z.enum(['REACTIVE', 'PROACTIVE', 'HARMLESS']).default('REACTIVE'),
  /** The event that caused it, when the cause is an event. */
  causeEventId: z.string().optional(),
  /**
   * Every record of the causing change (a CodeDeploy deployment and the `UpdateAlias` calls it
   * made, a pipeline's `UpdateFunctionCode` and `PublishVersion`): naming any of them is naming
   * the cause. Optional; the benchmark also groups a rollout's records by itself.
   */
  causeEventIds: z.array(z.string().min(1)).optional(),
  /** For PROACTIVE labels: when the resource would run out. */
  exhaustionAt: z.number().int().optional(),
  /**
   * Other resources whose metrics the incident moves (callers, dependencies). An insight on one
   * of them, or in their collection, is about this incident too. Absent = only `resourceId`.
   */
  affectedResourceIds: z.array(z.string().min(1)).optional(),
  /** Free text: what happened, for people reading the bundle. */
  description: z.string().optional(),
  /** The log text that names the cause (e.g. `ProvisionedThroughputExceededException`) and the log groups it appears in. Optional. */
  causeLog: z.object({ logGroups: z.array(z.string().min(1)).min(1), text: z.string().min(1) }).optional(),
});
export type Label = z.infer<typeof LabelSchema>;

/** The log events of one log group of a resource: [epoch ms, message] pairs. Optional in a bundle. */
export const BundleLogGroupSchema = z.object({
  logGroup: z.string().min(1).max(512),
  resourceId: z.string().min(1),
  lines: z.array(z.tuple([z.number().int().nonnegative(), z.string()])),
});
export type BundleLogGroup = z.infer<typeof BundleLogGroupSchema>;

/**
 * A member account the bundle's resources and events may name (`accountId`, `region` on a
 * resource or event; a resource's series inherit them). Records without an account are the
 * account Opsight runs in, as in every bundle written before accounts existed.
 */
export const BundleAccountSchema = z
  .object({
    id: AccountIdSchema,
    alias: z.string().min(1).max(64).optional(),
    /** The organisational unit it belongs to, shown in the dashboard's account view. */
    organizationalUnitId: z.string().min(1).max(100).optional(),
  })
  .strict();
export type BundleAccount = z.infer<typeof BundleAccountSchema>;

const MIN = 60_000;
/** Replay defaults (replay-run.ts): one cycle an hour after one day of history. */
export const DEFAULT_REPLAY_STEP_MS = 3_600_000;
export const DEFAULT_REPLAY_HISTORY_MS = 86_400_000;
const DAY = 86_400_000;
/** Bundle times lie between 1970 and 2200 (every date V8 and the store's sort keys handle). */
export const MAX_SCENARIO_TIME = Date.UTC(2200, 0, 1);
/** The longest scenario: a little over a year. */
export const MAX_SCENARIO_SPAN_MS = 400 * DAY;
/** The shortest replay step (the finest CloudWatch period Opsight reads is one minute). */
export const MIN_REPLAY_STEP_MS = MIN;
/** The most analysis cycles one replay runs (a year at 5-minute steps is 105,120). */
export const MAX_REPLAY_CYCLES = 120_000;

const Time = z.number().int().min(0).max(MAX_SCENARIO_TIME);

export const ScenarioBundleSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  /** Scenario family (e.g. `bad-deployment`, `marketing-surge`): the benchmark reports figures per family. Optional. */
  family: z.string().min(1).optional(),
  /** Epoch ms of the first grid point of every series. */
  start: Time,
  /** Epoch ms (exclusive) where the scenario ends. */
  end: Time,
  resources: z.array(ResourceSchema.omit({ series: true })),
  series: z.array(BundleSeriesSchema),
  events: z.array(EventSchema).default([]),
  labels: z.array(LabelSchema).default([]),
  /** Log events per log group (bundles without logs still load). */
  logs: z.array(BundleLogGroupSchema).default([]),
  /** Member accounts named by resources and events, with their aliases (optional). */
  accounts: z.array(BundleAccountSchema).max(1000).optional(),
  /** Which accounts call each other: correlation joins their anomalies (the configuration's `organization.dependencies`). Optional. */
  dependencies: z.array(AccountDependencySchema).max(1000).optional(),
  /**
   * How to replay the bundle (optional): the first cycle runs at `start + historyMs` (the data
   * before it warm-start the detectors), then one cycle every `stepMs` until `end`.
   * Defaults: 1 day and, in the scenario benchmark, 5 minutes.
   */
  replay: z
    .object({
      historyMs: z.number().int().positive().max(MAX_SCENARIO_SPAN_MS).optional(),
      stepMs: z.number().int().min(MIN_REPLAY_STEP_MS, 'must be at least 60000 (one minute)').max(MAX_SCENARIO_SPAN_MS).optional(),
    })
    .optional(),
});
export type ScenarioBundle = z.infer<typeof ScenarioBundleSchema>;

/** Validates a bundle and its cross-references; errors name the bad field. */
export function parseBundle(data: unknown): ScenarioBundle {
  const b = parseOrThrow(ScenarioBundleSchema, data, 'scenario bundle');
  const ids = new Set(b.resources.map((r) => r.id));
  b.series.forEach((s, i) => {
    if (!ids.has(s.resourceId)) throw new ValidationError(`Invalid scenario bundle: series.${i}.resourceId: unknown resource ${s.resourceId}`, `series.${i}.resourceId`);
  });
  b.labels.forEach((l, i) => {
    if (!ids.has(l.resourceId)) throw new ValidationError(`Invalid scenario bundle: labels.${i}.resourceId: unknown resource ${l.resourceId}`, `labels.${i}.resourceId`);
    (l.affectedResourceIds ?? []).forEach((r, j) => {
      if (!ids.has(r)) throw new ValidationError(`Invalid scenario bundle: labels.${i}.affectedResourceIds.${j}: unknown resource ${r}`, `labels.${i}.affectedResourceIds.${j}`);
    });
  });
  b.logs.forEach((g, i) => {
    if (!ids.has(g.resourceId)) throw new ValidationError(`Invalid scenario bundle: logs.${i}.resourceId: unknown resource ${g.resourceId}`, `logs.${i}.resourceId`);
  });
  if (b.end <= b.start) throw new ValidationError('Invalid scenario bundle: end: must be after start', 'end');
  if (b.end - b.start > MAX_SCENARIO_SPAN_MS) throw new ValidationError('Invalid scenario bundle: end: a scenario may span at most 400 days', 'end');
  checkReplayBounds(b, b.replay?.stepMs, b.replay?.historyMs, 'scenario bundle: replay.');
  return withSeriesAccounts(b);
}

/**
 * Series read in their resource's account and region: a series of a member account's resource
 * takes the resource's `accountId` and `region` unless it names them itself, and must not name
 * another account. Bundles without accounts are returned as they are.
 */
function withSeriesAccounts(b: ScenarioBundle): ScenarioBundle {
  const byId = new Map(b.resources.map((r) => [r.id, r]));
  if (!b.resources.some((r) => r.accountId) && !b.series.some((s) => s.accountId)) return b;
  const series = b.series.map((s, i) => {
    const r = byId.get(s.resourceId)!;
    if ((s.accountId ?? r.accountId) !== r.accountId || (s.accountId && s.region !== r.region)) {
      throw new ValidationError(
        `Invalid scenario bundle: series.${i}.accountId: ${s.accountId ?? 'none'}/${s.region ?? 'none'} is not the account and region of resource ${r.id} (${r.accountId ?? 'none'}/${r.region ?? 'none'})`,
        `series.${i}.accountId`,
      );
    }
    return r.accountId && !s.accountId ? { ...s, accountId: r.accountId, ...(r.region ? { region: r.region } : {}) } : s;
  });
  return { ...b, series };
}

/**
 * Refuses a replay that would run more than MAX_REPLAY_CYCLES cycles or step by less than a
 * minute, naming the field (`prefix` + stepMs), so a mistyped bundle fails at once instead of
 * running for hours.
 */
export function checkReplayBounds(b: Pick<ScenarioBundle, 'start' | 'end'>, stepMs: number | undefined, historyMs: number | undefined, prefix = 'replay: '): void {
  const step = stepMs ?? DEFAULT_REPLAY_STEP_MS;
  if (!Number.isInteger(step) || step < MIN_REPLAY_STEP_MS) throw new ValidationError(`Invalid ${prefix}stepMs: must be a whole number of at least 60000 (one minute), got ${step}`, 'stepMs');
  const history = historyMs ?? DEFAULT_REPLAY_HISTORY_MS;
  if (!Number.isInteger(history) || history <= 0) throw new ValidationError(`Invalid ${prefix}historyMs: must be a positive whole number, got ${history}`, 'historyMs');
  const cycles = Math.ceil(Math.max(0, b.end - b.start - history) / step) + 1;
  if (cycles > MAX_REPLAY_CYCLES) {
    throw new ValidationError(`Invalid ${prefix}stepMs: ${step} ms would run ${cycles} cycles, more than ${MAX_REPLAY_CYCLES}; use a longer step`, 'stepMs');
  }
}
