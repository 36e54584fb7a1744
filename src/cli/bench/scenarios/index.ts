export { runScenario, predictedTimeOf, DEFAULT_HISTORY_MS, DEFAULT_STEP_MS, type ScenarioOutcome, type InsightOutcome, type AnomalyOutcome, type PredictionOutcome, type EventOutcome, type RunOptions } from './run';
export {
  scoreScenario,
  summarise,
  byFamily,
  familyOf,
  touches,
  extentOf,
  assign,
  groupChanges,
  median,
  MATCH_AFTER_MS,
  MATCH_BEFORE_MS,
  PROACTIVE_BEFORE_MS,
  CHANGE_WINDOW_MS,
  EXACT_MATCH_MAX_LABELS,
  WITHIN_PERIODS,
  type BenchFigures,
  type LabelScore,
  type ScenarioScore,
} from './score';
export { runJobs, type JobResult, type PoolOptions } from './pool';
export { loadBundle, runJob, type Job, type JobSource } from './jobs';
export { ACCEPTANCE, figuresTable, familyTable, type FigureRow } from './format';
