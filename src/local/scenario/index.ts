export { ScenarioBundleSchema, BundleSeriesSchema, LabelSchema, parseBundle, type ScenarioBundle, type BundleSeries, type Label, type BundleLogGroup, BundleLogGroupSchema } from './bundle';
export { ReplayMetricSource, ReplayEventSource, StaticCatalog } from './replay';
export { builtinScenario } from './builtin';
export { ReplayLogSource } from './replay-logs';
