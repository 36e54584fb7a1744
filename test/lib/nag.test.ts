import { describe, expect, it } from 'vitest';
import { nagFindings, synth } from './helpers';

describe('cdk-nag', () => {
  it.each([
    ['account', { coverage: { mode: 'account' } }],
    ['stacks', { coverage: { mode: 'stacks', stacks: ['shop'] }, notifications: { emails: ['oncall@example.com'] }, opsCenter: { enabled: true } }],
    ['tags', { coverage: { mode: 'tags', tagKey: 'devops-guru-app', tagValues: ['shop'] } }],
    ['account, chat to Slack', { notifications: { chat: { slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } } }, opsCenter: { enabled: true } }],
  ])('AwsSolutions and Serverless packs report no unacknowledged finding (%s coverage)', (_mode, config) => {
    const { stack } = synth(config);
    expect(nagFindings(stack)).toEqual([]);
  });
});
