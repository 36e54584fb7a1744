export { Opsight, type OpsightProps } from './opsight';
export { OpsightStack, type OpsightStackProps } from './opsight-stack';
export { OpsightStorage, type OpsightStorageProps } from './storage';
export { OpsightPipeline, type OpsightPipelineProps } from './pipeline';
