#!/usr/bin/env node
/** CDK app entry (cdk.json "app"). Configuration: the `opsight` context key (cdk.json or -c). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { OpsightMemberStack } from '../lib/member-stack';
import { OpsightStack } from '../lib/opsight-stack';
import { OpsightError } from '../src/core/errors';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const app = new App();
// Security review at every synth: unacknowledged findings fail it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
const raw: unknown = app.node.tryGetContext('opsight');
// `-c opsight='{"coverage":...}'` arrives as a string.
let config: unknown = raw;
if (typeof raw === 'string') {
  try {
    config = JSON.parse(raw);
  } catch {
    process.stderr.write('Invalid configuration: context key "opsight" must be a JSON object\n');
    process.exit(1);
  }
}
try {
  const central = new OpsightStack(app, app.node.tryGetContext('opsight:stackName') ?? 'Opsight', {
    description: 'Opsight: self-hosted anomaly detection and operational insights',
    opsight: { config },
  });
  // With an organisation, the member stack too: deployed in each member account, or as a StackSet.
  if (central.opsight.config.organization) {
    const callers: unknown = app.node.tryGetContext('opsight:callerRoleArns');
    new OpsightMemberStack(app, app.node.tryGetContext('opsight:memberStackName') ?? 'OpsightMember', {
      description: 'Opsight member access: a read-only role the central Opsight pipeline assumes',
      config,
      // Never the deploying account: deployed with the member account's credentials, that is the member.
      centralAccountId: app.node.tryGetContext('opsight:centralAccount'),
      ...(typeof callers === 'string' ? { callerRoleArns: callers.split(',').map((a) => a.trim()).filter(Boolean) } : {}),
    });
  }
} catch (err) {
  if (err instanceof OpsightError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
