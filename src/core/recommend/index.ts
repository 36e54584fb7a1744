export { recommend, rankRules, scoreRule, type RecommendInput, type RecommendOptions, type RankedRule } from './recommend';
export { CATALOG } from './catalog';
export { defineRule, anomalyMatches, eventMatches, type AnomalyPattern, type EventPattern, type RuleSpec } from './define';
export { SERVICES, type Service, type RecommendationRule, type RecommendContext, type Evidence, type ForecastFact } from './types';
export { formatValue, formatTime, formatLead, describeAnomaly, describeForecast } from './text';
