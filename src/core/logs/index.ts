export { TemplateMiner, isMinerState, type MinerOptions, type MinerState, type Template, type TemplateState } from './miner';
export { reportWindow, compareLogAnomalies, type LogWindow, type ReportOptions } from './report';
export { shapeOf, maskToken, hasErrorKeyword, headLine, WILDCARD } from './tokens';
export { logPoissonTail, poissonSurpriseDecades } from './poisson';
export { LogAnomalySchema, LogAnomalyKindSchema, MAX_LOG_ANOMALIES, MAX_LOG_SAMPLES, MAX_SAMPLE_CHARS, type LogAnomaly, type LogAnomalyKind } from './schema';
export type { LogSource, LogGroupRef, LogBudget, LogRead } from './port';
export { LogsConfigSchema, DEFAULT_LOGS_CONFIG, type LogsConfig } from './config';
export { logAnomalyLine } from './text';
