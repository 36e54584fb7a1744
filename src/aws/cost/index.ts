export {
  estimateCycleCalls,
  estimateMonthlyCalls,
  quietSeries,
  resolveShape,
  DEFAULT_PIPELINE_SHAPE,
  type PipelineShape,
  type PipelineShapeOverrides,
  type CycleCalls,
  type CycleEstimateOptions,
  type MonthlyCalls,
} from './model';
export { estimateMonthlyCost, devOpsGuruMonthly, type CostEstimate, type DevOpsGuruCost, type MonthlyCostOptions } from './bill';
export { DEFAULT_PLATFORM_SHAPE, listMetricsCallsPerRefresh, type CostLine, type PlatformShape } from './platform';
export { stackInventory, DEFAULT_STACK_SETTINGS, type StackInventory, type StackSettings, type CustomMetric } from './stack';
export { syntheticCoverage, inMemberAccount, RESOURCE_ALIASES } from './synthetic';
export { US_EAST_1_PRICES, HOURS_PER_MONTH, type Prices } from './prices';
export { estimateOrganizationCost, READ_LINES, type AccountCoverage, type AccountCostRow, type OrganizationCostEstimate } from './organization';
