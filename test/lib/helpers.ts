import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { OpsightMemberStack, type OpsightMemberStackProps } from '../../lib/member-stack';
import { OpsightStack } from '../../lib/opsight-stack';

/** Synthesises the stack; bundling is skipped unless asked (it is tested on its own). */
export function synth(config: unknown, options: { bundle?: boolean } = {}): { stack: OpsightStack; template: Template } {
  // CloudFormation's own template rules are errors, as in cdk.json.
  const context = { '@aws-cdk/core:validateAgainstDefaultRules': true, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const app = new App({ context });
  const stack = new OpsightStack(app, 'Test', { opsight: { config }, env: { account: '123456789012', region: 'eu-west-1' } });
  const template = Template.fromStack(stack);
  return { stack, template };
}

/** cdk-nag findings (AwsSolutions and Serverless packs) not acknowledged in the construct tree. */
export function nagFindings(stack: Stack): string[] {
  const out: string[] = [];
  for (const pack of [new AwsSolutionsChecks(undefined, { verbose: false }), new ServerlessChecks(undefined, { verbose: false })]) {
    const report = pack.validateScope(stack);
    for (const v of report.violations) {
      for (const r of v.violatingResources) out.push(`${v.ruleName} ${r.locations.join(',') || r.resourceLogicalId}: ${v.description.slice(0, 120)}`);
    }
  }
  return out.sort();
}

/** Synthesises the member stack beside nothing else, as `cdk synth OpsightMember` would. */
export function synthMember(config: unknown, props: Omit<OpsightMemberStackProps, 'config'> = {}): { stack: OpsightMemberStack; template: Template; app: App } {
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new OpsightMemberStack(app, 'Member', { config, ...props });
  return { stack, template: Template.fromStack(stack), app };
}
