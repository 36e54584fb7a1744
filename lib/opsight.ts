import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { OpsightPipeline } from './pipeline';
import { OpsightStorage } from './storage';

export interface OpsightProps {
  /** CloudFormation stacks whose resources Opsight analyses. */
  readonly stacks: readonly string[];
  /**
   * Time between analysis cycles.
   * @default Duration.minutes(5)
   */
  readonly cadence?: Duration;
  /**
   * Removal policy of the insights table.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Opsight in one construct: place it in your own CDK app. */
export class Opsight extends Construct {
  public readonly storage: OpsightStorage;
  public readonly pipeline: OpsightPipeline;

  constructor(scope: Construct, id: string, props: OpsightProps) {
    super(scope, id);
    this.storage = new OpsightStorage(this, 'Storage', { removalPolicy: props.removalPolicy });
    this.pipeline = new OpsightPipeline(this, 'Pipeline', { table: this.storage.table, stacks: props.stacks, cadence: props.cadence });
  }
}
