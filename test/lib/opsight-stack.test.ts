import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OpsightStack } from '../../lib/opsight-stack';
import { TABLE } from '../../src/aws/store/table';

describe('OpsightStack template', () => {
  const app = new App();
  const stack = new OpsightStack(app, 'Test', { opsight: { stacks: ['shop'] } });
  const template = Template.fromStack(stack);

  it('has the single table with its keys, indexes, TTL, PITR and stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: TABLE.gsi1.name }), Match.objectLike({ IndexName: TABLE.gsi2.name })]),
    });
  });

  it('schedules the bundled arm64 cycle function every 5 minutes', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: Match.stringLikeRegexp('^nodejs'),
      Environment: { Variables: Match.objectLike({ COVERAGE_STACKS: 'shop' }) },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> } } }).Properties.PolicyDocument.Statement);
    const cfn = statements.find((s) => s.Action === 'cloudformation:ListStackResources');
    expect(JSON.stringify(cfn?.Resource)).toContain('stack/shop/');
  });
});
