export { correlate, type CorrelateInput, type CorrelateOutput } from './correlate';
export { DEFAULT_CORRELATOR_CONFIG, correlatorForOrganization, resolveConfig, type CorrelatorConfig, type ResolvedCorrelatorConfig } from './config';
export { isNotable, notableIds, corroborated, deviates, spanPeriods, excess, persistence, deviatingPoints, lastDeviatingAt } from './significance';
export { chooseCausal, assignTypes, insightOnset } from './causality';
export { insightSeverity } from './severity';
export { insightName, insightDescription, originSummary } from './describe';
export { tierOf, typeLabel, metricRole, isHarmfulDirection, correlationCriticality, TIER_DEPTH, ROLE_RANK, type Tier, type MetricRole } from './topology';
