import { describe, expect, it } from 'vitest';
import { fromCloudTrailRecord, fromCodeDeployDeployment, shortName } from '../../../src/core';

// A CloudTrail record in the documented log-file shape (field names from the CloudTrail
// record contents reference); values made up.
const record = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/deployer/alice',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'deployer' } },
  },
  eventTime: '2026-01-05T13:54:00Z',
  eventSource: 'lambda.amazonaws.com',
  eventName: 'UpdateFunctionConfiguration20150331v2',
  awsRegion: 'eu-west-1',
  requestParameters: { functionName: 'arn:aws:lambda:eu-west-1:111122223333:function:checkout', memorySize: 128 },
  responseElements: null,
  eventID: '4c3f1c2a-0000-4000-8000-000000000001',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  eventCategory: 'Management',
};

describe('fromCloudTrailRecord', () => {
  it('normalises a CloudTrail record', () => {
    const e = fromCloudTrailRecord(record, { stackOf: (n) => (n === 'checkout' ? 'shop' : undefined) });
    expect(e).toEqual({
      id: '4c3f1c2a-0000-4000-8000-000000000001',
      time: Date.UTC(2026, 0, 5, 13, 54),
      source: 'lambda.amazonaws.com',
      name: 'UpdateFunctionConfiguration',
      dataSource: 'CLOUD_TRAIL',
      class: 'CONFIG_CHANGE',
      resources: [{ type: 'AWS::Lambda::Function', name: 'checkout' }],
      stack: 'shop',
      user: 'deployer',
    });
  });

  it('normalises a LookupEvents item, using its CloudTrailEvent for request parameters', () => {
    const item = {
      EventId: 'evt-2',
      EventName: 'UpdateTable',
      ReadOnly: 'false',
      EventTime: new Date(Date.UTC(2026, 0, 5, 13, 0)),
      EventSource: 'dynamodb.amazonaws.com',
      Username: 'bob',
      Resources: [{ ResourceType: 'AWS::DynamoDB::Table', ResourceName: 'orders' }],
      CloudTrailEvent: JSON.stringify({ eventSource: 'dynamodb.amazonaws.com', eventName: 'UpdateTable', requestParameters: { tableName: 'orders', billingMode: 'PROVISIONED' } }),
    };
    const e = fromCloudTrailRecord(item);
    expect(e).toMatchObject({ id: 'evt-2', time: Date.UTC(2026, 0, 5, 13, 0), class: 'CONFIG_CHANGE', user: 'bob', resources: [{ type: 'AWS::DynamoDB::Table', name: 'orders' }] });
    expect(e?.stack).toBeUndefined();
  });

  it('unwraps an EventBridge "AWS API Call via CloudTrail" envelope and reads CloudFormation stacks', () => {
    const env = {
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.cloudformation',
      detail: {
        eventTime: '2026-01-05T12:00:00Z',
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'UpdateStack',
        eventID: 'evt-3',
        requestParameters: { stackName: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/shop/1a2b' },
        userIdentity: { type: 'IAMUser', userName: 'carol' },
      },
    };
    expect(fromCloudTrailRecord(env)).toMatchObject({ id: 'evt-3', class: 'DEPLOYMENT', stack: 'shop', user: 'carol', resources: [{ type: 'AWS::CloudFormation::Stack', name: 'shop' }] });
  });

  it('lists EC2 instances from instancesSet and the record resources by ARN', () => {
    const e = fromCloudTrailRecord({
      eventTime: '2026-01-05T12:00:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'StopInstances',
      eventID: 'evt-4',
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } },
      resources: [{ ARN: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1', type: 'AWS::EC2::Instance' }],
    });
    expect(e?.resources).toEqual([
      { type: 'AWS::EC2::Instance', name: 'i-1' },
      { type: 'AWS::EC2::Instance', name: 'i-2' },
    ]);
    expect(e?.class).toBe('INFRASTRUCTURE');
  });

  it('drops read-only events, failed calls, data events and unreadable input', () => {
    expect(fromCloudTrailRecord({ ...record, readOnly: true })).toBeUndefined();
    expect(fromCloudTrailRecord({ ...record, eventName: 'GetFunction20150331v2', readOnly: undefined })).toBeUndefined();
    expect(fromCloudTrailRecord({ ...record, errorCode: 'AccessDenied' })).toBeUndefined();
    expect(fromCloudTrailRecord({ ...record, eventCategory: 'Data' })).toBeUndefined();
    expect(fromCloudTrailRecord({ ...record, eventTime: 'not a time' })).toBeUndefined();
    expect(fromCloudTrailRecord('nope')).toBeUndefined();
  });

  it('gives a deterministic id when the record has none', () => {
    const { eventID: _id, ...noId } = record;
    const a = fromCloudTrailRecord(noId);
    expect(a?.id).toMatch(/^ct-[0-9a-f]{16}$/);
    expect(fromCloudTrailRecord(noId)?.id).toBe(a?.id);
  });
});

describe('fromCodeDeployDeployment', () => {
  it('reads a Lambda deployment with a YAML AppSpec (SDK shape, Date fields)', () => {
    const info = {
      applicationName: 'shop-app',
      deploymentGroupName: 'checkout-dg',
      deploymentId: 'd-ABC123',
      status: 'Succeeded',
      creator: 'user',
      computePlatform: 'Lambda',
      createTime: new Date(Date.UTC(2026, 0, 5, 13, 54)),
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: {
          content: 'version: 0.0\nResources:\n  - checkoutFn:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: "checkout"\n        Alias: "live"\n        CurrentVersion: "3"\n        TargetVersion: "4"\n',
        },
      },
    };
    expect(fromCodeDeployDeployment({ deploymentInfo: info }, { stackOf: (n) => (n === 'checkout' ? 'shop' : undefined) })).toEqual({
      id: 'd-ABC123',
      time: Date.UTC(2026, 0, 5, 13, 54),
      source: 'codedeploy.amazonaws.com',
      name: 'Deployment d-ABC123',
      dataSource: 'CODE_DEPLOY',
      class: 'DEPLOYMENT',
      resources: [
        { type: 'AWS::Lambda::Function', name: 'checkout' },
        { type: 'AWS::CodeDeploy::Application', name: 'shop-app' },
      ],
      stack: 'shop',
      user: 'user',
      status: 'Succeeded',
    });
  });

  it('reads a JSON AppSpec and epoch-second times (the JSON API shape)', () => {
    const e = fromCodeDeployDeployment({
      deploymentId: 'd-JSON',
      applicationName: 'app',
      createTime: 1767621240.5,
      computePlatform: 'Lambda',
      revision: { appSpecContent: { content: JSON.stringify({ Resources: [{ fn: { Type: 'AWS::Lambda::Function', Properties: { Name: 'pay' } } }] }) } },
    });
    expect(e?.time).toBe(1767621240500);
    expect(e?.resources[0]).toEqual({ type: 'AWS::Lambda::Function', name: 'pay' });
  });

  it('reads Auto Scaling groups of a server deployment and caller-given targets', () => {
    const e = fromCodeDeployDeployment(
      { deploymentId: 'd-EC2', applicationName: 'web', createTime: 1767621240, computePlatform: 'Server', targetInstances: { autoScalingGroups: ['web-asg'] } },
      { targets: [{ type: 'AWS::ECS::Service', name: 'api' }] },
    );
    expect(e?.resources.map((r) => r.name)).toEqual(['api', 'web-asg', 'web']);
  });

  it('returns undefined without an id or a time', () => {
    expect(fromCodeDeployDeployment({ applicationName: 'x', createTime: 1 })).toBeUndefined();
    expect(fromCodeDeployDeployment({ deploymentId: 'd-1' })).toBeUndefined();
  });
});

describe('shortName', () => {
  it.each([
    ['arn:aws:lambda:eu-west-1:1:function:checkout:live', 'checkout'],
    ['arn:aws:dynamodb:eu-west-1:1:table/orders/stream/2026-01-01T00:00:00.000', 'orders'],
    ['https://sqs.eu-west-1.amazonaws.com/1/jobs', 'jobs'],
    ['arn:aws:sns:eu-west-1:1:alerts', 'alerts'],
    ['arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/50dc6c495c0c9188', 'web'],
    ['arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web-tg/73e2d6bc24d8a067', 'web-tg'],
    ['arn:aws:ecs:eu-west-1:1:service/prod/api', 'api'],
    ['arn:aws:iam::1:role/service/deployer', 'deployer'],
    ['arn:aws:rds:eu-west-1:1:db:orders-db', 'orders-db'],
    ['plain-name', 'plain-name'],
  ])('%s → %s', (input, out) => {
    expect(shortName(input)).toBe(out);
  });
});
