import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateOpsItemCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { buildChatNotification, EventBridgeTarget, OpsCenterTarget, SnsTarget, type OpsItemIdStore } from '../../../src/aws/outputs';
import { scopedResourceId, type Insight } from '../../../src/core';
import { anomaly, insight, notification } from './fixtures';

const CENTRAL = { accountId: '123456789012', region: 'eu-west-1' };
const SHOP = '111122223333';
const names = { accountAliases: { [SHOP]: 'shop-prod' } };
const sns = mockClient(SNSClient);
const ssm = mockClient(SSMClient);
const eb = mockClient(EventBridgeClient);

afterEach(() => {
  sns.reset();
  ssm.reset();
  eb.reset();
});

/** An insight of the member account: its resources in us-east-1 of that account. */
function memberNotification() {
  const scope = { accountId: SHOP, region: 'us-east-1' };
  const ins = insight({ ...scope, collection: { type: 'STACK', name: 'shop', accountId: SHOP } });
  const byArn = anomaly('a1', { ...scope, resourceId: scopedResourceId(`arn:aws:lambda:us-east-1:${SHOP}:function:checkout`, SHOP, 'us-east-1') });
  const byName = anomaly('a2', { ...scope, resourceId: scopedResourceId('orders', SHOP, 'us-east-1'), resourceName: 'orders', resourceType: 'AWS::DynamoDB::Table' });
  return notification('NEW_INSIGHT', ins, [byArn, byName]);
}

const memberArns = [`arn:aws:lambda:us-east-1:${SHOP}:function:checkout`, `arn:aws:dynamodb:us-east-1:${SHOP}:table/orders`];

describe('notifications name the member account', () => {
  it('e-mail and SNS JSON: alias and id, the insight region', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    await new SnsTarget({ client: new SNSClient({}), topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', ...CENTRAL, ...names }).deliver(memberNotification());
    const structure = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!) as Record<string, string>;
    expect(structure.email).toContain('Where:   stack shop, account shop-prod (111122223333), us-east-1');
    const message = JSON.parse(structure.default!) as Record<string, unknown>;
    expect(message).toMatchObject({ accountId: SHOP, region: 'us-east-1', account: 'shop-prod (111122223333)' });
  });

  it('chat card: the where line and the context name the account; related resources are the member ARNs', () => {
    const card = buildChatNotification(memberNotification(), { ...CENTRAL, ...names });
    expect(card.content.description).toContain('account shop-prod (111122223333), us-east-1');
    expect(card.metadata.additionalContext).toMatchObject({ accountId: SHOP, region: 'us-east-1', account: 'shop-prod (111122223333)' });
    expect(card.metadata.relatedResources).toEqual(memberArns);
  });

  it('EventBridge detail names the account; Resources are the member ARNs', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    await new EventBridgeTarget({ client: new EventBridgeClient({}), ...CENTRAL }).deliver(memberNotification());
    const entry = eb.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(JSON.parse(entry.Detail!)).toMatchObject({ accountId: SHOP, region: 'us-east-1', account: SHOP });
    expect(entry.Resources).toEqual([memberArns[0]]);
  });

  it('OpsItem: created through the central client, searchable by account, listing the member resources', async () => {
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: 'oi-1' });
    const stored = new Map<string, Insight>();
    const store: OpsItemIdStore = { getInsight: async (id) => stored.get(id), setOpsItemId: async () => undefined };
    await new OpsCenterTarget({ client: new SSMClient({}), store, ...CENTRAL, ...names }).deliver(memberNotification());
    const create = ssm.commandCalls(CreateOpsItemCommand)[0]!.args[0].input;
    expect(create.OperationalData!.opsightAccount).toEqual({ Value: 'shop-prod (111122223333)', Type: 'SearchableString' });
    expect(JSON.parse(create.OperationalData!['/aws/resources']!.Value!)).toEqual(memberArns.map((arn) => ({ arn })));
    expect(create.Description).toContain('account shop-prod (111122223333), us-east-1');
  });

  it('an insight of the account Opsight runs in keeps the central account and no account field', () => {
    const card = buildChatNotification(notification('NEW_INSIGHT'), { ...CENTRAL, ...names });
    expect(card.metadata.additionalContext).toEqual({ insightId: 'ins-1', severity: 'HIGH', status: 'ONGOING', ...CENTRAL });
    expect(card.content.description).toContain('account 123456789012, eu-west-1');
  });
});
