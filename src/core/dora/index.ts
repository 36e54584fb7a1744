export {
  doraMetrics,
  distinctDeployments,
  isFailedDeployment,
  meanTimeToRecoverMinutes,
  NO_STACK,
  type DoraInput,
  type DoraOptions,
  type DoraReport,
  type DoraRow,
  type Deployment,
} from './dora';
