export { runScenario, DEFAULT_HISTORY_MS, DEFAULT_STEP_MS, type ScenarioOutcome, type InsightOutcome, type AnomalyOutcome, type RunOptions } from './run';
export { scoreScenario, summarise, touches, median, MATCH_AFTER_MS, MATCH_BEFORE_MS, PROACTIVE_BEFORE_MS, type BenchFigures, type LabelScore, type ScenarioScore } from './score';
export { runJobs, type JobResult, type PoolOptions } from './pool';
export { loadBundle, runJob, type Job, type JobSource } from './jobs';
export { ACCEPTANCE, figuresTable, kindTable } from './format';
