export { simulateShop, exhaustionTime, type ShopScenarioOptions, type Planner, type ScenarioPlan, type DataGap } from './scenario';
export {
  BENCHMARK_EPOCH,
  BENCHMARK_FAMILIES,
  BENCHMARK_SEEDS,
  PROACTIVE_FAMILIES,
  benchmarkEntries,
  benchmarkScenario,
  changeNoise,
  nightlyBatch,
  withRolloutRecords,
  type BenchmarkEntry,
} from './benchmark';
export {
  INCIDENT_KINDS,
  INCIDENT_VARIANTS,
  PROACTIVE_KINDS,
  type IncidentKind,
  type IncidentSpec,
} from './incidents';
export {
  demoScenario,
  incidentFreeScenario,
  incidentScenario,
  shippedSuite,
  shippedSuiteEntries,
  suiteEntries,
  SUITES,
  type SuiteName,
  SUITE_HISTORY_MS,
  REACTIVE_STEP_MS,
  SLOW_STEP_MS,
  type DemoOptions,
  type IncidentScenarioOptions,
  type SuiteEntry,
} from './suite';
export { shopResources, shopSeries, PERIOD_MS, STACK_API, STACK_DATA, STACK_ORDERS } from './shop';
export { dailyProfile, weeklyFactor } from './world';
