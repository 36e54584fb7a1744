export {
  METRIC_CATALOG,
  SUPPORTED_TYPES,
  catalogKey,
  specFor,
  dimensionsOf,
  displayName,
  seriesFor,
  tierOf,
  devOpsGuruGroup,
  type CadenceTier,
  type MetricSpec,
  type TypeSpec,
  type SeriesOptions,
} from './metric-catalog';
export { coveredResource, type SkippedResource, type ResourceExtras } from './resource';
export { StackCatalog, type StackCatalogOptions } from './stack-catalog';
export { TagCatalog, typeFromArn, TAG_RESOURCE_TYPE_FILTERS, type TagCatalogOptions } from './tag-catalog';
export { AccountCatalog, refineAgentSeries, listAllMetrics, LIST_METRICS_PAGE_SIZE, RECENTLY_ACTIVE, type AccountCatalogOptions } from './account-catalog';
export {
  TieredCatalog,
  CachedCatalog,
  isDue,
  isDueEvery,
  isQuiet,
  adaptiveReadFilter,
  quietIntervalMs,
  QUIET_AFTER_MS,
  dueResources,
  tierIntervalMs,
  DEFAULT_CADENCE,
  type Cadence,
} from './cadence';
export { catalogFor, type CoverageSpec, type CoverageClients } from './factory';
export { ConfiguredCatalog } from './configured';
