export { ScenarioBundleSchema, BundleSeriesSchema, LabelSchema, parseBundle, type ScenarioBundle, type BundleSeries, type Label } from './bundle';
export { ReplayMetricSource, ReplayEventSource, StaticCatalog } from './replay';
export { builtinScenario } from './builtin';
