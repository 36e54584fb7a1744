import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Opsight, type OpsightProps } from './opsight';

export interface OpsightStackProps extends StackProps {
  readonly opsight?: OpsightProps;
}

/** The stack `bin/opsight.ts` deploys. */
export class OpsightStack extends Stack {
  public readonly opsight: Opsight;

  constructor(scope: Construct, id: string, props: OpsightStackProps = {}) {
    super(scope, id, props);
    this.opsight = new Opsight(this, 'Opsight', props.opsight);
  }
}
