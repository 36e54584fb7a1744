#!/usr/bin/env node
/** CDK app entry (cdk.json "app"). Configuration comes from cdk.json context. */
import { App } from 'aws-cdk-lib';
import { OpsightStack } from '../lib/opsight-stack';

const app = new App();
const stacksContext = app.node.tryGetContext('opsight:stacks') as string | string[] | undefined;
const stacks = Array.isArray(stacksContext) ? stacksContext : String(stacksContext ?? '').split(',').filter(Boolean);
new OpsightStack(app, 'Opsight', {
  description: 'Opsight: self-hosted anomaly detection and operational insights',
  opsight: { stacks },
});
