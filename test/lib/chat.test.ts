/** The chat topic, the optional Slack channel configuration and the links the notifier gets. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core';
import { synth } from './helpers';

const slack = { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' };

type Env = { Variables?: Record<string, unknown> };

function notifierEnv(template: ReturnType<typeof synth>['template']): Record<string, unknown> {
  const fns = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{ Properties: { Description?: string; Environment?: Env } }>;
  const notifier = fns.find((f) => f.Properties.Description?.startsWith('Opsight notifier'));
  expect(notifier).toBeDefined();
  return notifier!.Properties.Environment?.Variables ?? {};
}

describe('chat output', () => {
  it('adds no chat topic unless notifications.chat is set', () => {
    const { template } = synth({});
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    expect(notifierEnv(template)).not.toHaveProperty('CHAT_TOPIC_ARN');
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'NumberOfNotificationsFailed' }, 0);
  });

  it('creates an encrypted chat topic the notifier publishes to, without Slack when no ids are given', () => {
    const { template } = synth({ notifications: { chat: {} } });
    template.resourceCountIs('AWS::SNS::Topic', 3);
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Opsight chat cards', KmsMasterKeyId: Match.anyValue() });
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    expect(JSON.stringify(notifierEnv(template).CHAT_TOPIC_ARN)).toContain('ChatTopic');
    template.hasOutput('ChatTopicArn', Match.anyValue());
    // Failed deliveries to the chat service are alarmed.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'NumberOfNotificationsFailed',
      Namespace: 'AWS/SNS',
      Dimensions: [{ Name: 'TopicName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChatTopic'), 'TopicName'] } }],
    });
  });

  it('wires the Slack channel to the chat topic with a guardrail that denies every action', () => {
    const { template } = synth({ notifications: { chat: { slack } } });
    const configs = Object.values(template.findResources('AWS::Chatbot::SlackChannelConfiguration')) as Array<{ Properties: Record<string, unknown> }>;
    expect(configs).toHaveLength(1);
    const p = configs[0]!.Properties;
    expect(p.SlackWorkspaceId).toBe('T0123ABCD');
    expect(p.SlackChannelId).toBe('C0123ABCD');
    expect(JSON.stringify(p.SnsTopicArns)).toContain('ChatTopic');
    expect(String(p.ConfigurationName)).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }], Version: Match.anyValue() },
    });
  });

  it('passes the API URL to the notifier for absolute links, and never lets it start an automation', () => {
    const { template } = synth({ opsCenter: { enabled: true }, notifications: { dashboardUrl: 'https://opsight.example.com/' } });
    const env = notifierEnv(template);
    expect(JSON.stringify(env.API_URL)).toContain('execute-api');
    expect(JSON.parse(String(env.OPSIGHT_CONFIG)).notifications.dashboardUrl).toBe('https://opsight.example.com/');
    expect(JSON.stringify(template.toJSON())).not.toContain('ssm:StartAutomationExecution');
  });

  it.each([
    [{ slack: { workspaceId: 'not a team', channelId: 'C1' } }, 'opsight.notifications.chat.slack.workspaceId: must be a Slack workspace id'],
    [{ slack: { workspaceId: 'T1', channelId: '#alerts' } }, 'opsight.notifications.chat.slack.channelId: must be a Slack channel id'],
    [{ slack: { workspaceId: 'T1' } }, 'opsight.notifications.chat.slack.channelId'],
    [{ teams: {} }, 'opsight.notifications.chat.teams: unknown key'],
  ])('refuses a bad chat configuration with a message naming the key (%j)', (chat, message) => {
    expect(() => synth({ notifications: { chat } })).toThrow(ValidationError);
    expect(() => synth({ notifications: { chat } })).toThrow(message);
  });

  it('refuses a dashboard URL that is not http(s)', () => {
    expect(() => synth({ notifications: { dashboardUrl: 'ftp://example.com/' } })).toThrow('opsight.notifications.dashboardUrl: must be an http(s) URL');
  });
});
