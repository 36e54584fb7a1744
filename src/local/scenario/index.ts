export { ScenarioBundleSchema, BundleSeriesSchema, LabelSchema, parseBundle, type ScenarioBundle, type BundleSeries, type Label, type BundleLogGroup, BundleLogGroupSchema } from './bundle';
export { ReplayMetricSource, ReplayEventSource, StaticCatalog } from './replay';
export { builtinScenario } from './builtin';
export { twoAccountScenario, DEMO_ACCOUNTS } from './two-accounts';
export { bundleAccountStatuses } from './accounts';
export { ReplayLogSource } from './replay-logs';
