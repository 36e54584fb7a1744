import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateOpsItemCommand, DescribeOpsItemsCommand, OpsItemAlreadyExistsException, SSMClient, UpdateOpsItemCommand } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { accountAliasesOf, buildChatNotification, CompositeNotifier, DeliveryError, EventBridgeTarget, OpsCenterTarget, SnsTarget, dedupString, type OpsItemIdStore } from '../../../src/aws/outputs';
import { scopedResourceId, UpstreamError, type DeliveryLedger, type Insight } from '../../../src/core';
import { anomaly, insight, notification } from './fixtures';

const ctx = { accountId: '123456789012', region: 'eu-west-1' };
const sns = mockClient(SNSClient);
const ssm = mockClient(SSMClient);
const eb = mockClient(EventBridgeClient);

afterEach(() => {
  sns.reset();
  ssm.reset();
  eb.reset();
});

class FakeInsights implements OpsItemIdStore {
  readonly byId = new Map<string, Insight>();
  async getInsight(id: string) {
    return this.byId.get(id);
  }
  async setOpsItemId(id: string, opsItemId: string) {
    const i = this.byId.get(id);
    if (i) this.byId.set(id, { ...i, opsItemId });
  }
}

describe('SnsTarget', () => {
  it('publishes the JSON message with filterable attributes and an ASCII subject', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm1' });
    const t = new SnsTarget({ client: new SNSClient({}), topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', ...ctx });
    await t.deliver(notification('NEW_INSIGHT', insight({ name: 'Errors increased on checkout — café' })));
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.TopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:alerts');
    expect(input.MessageStructure).toBe('json');
    expect(JSON.parse(JSON.parse(input.Message!).default)).toMatchObject({ messageType: 'NEW_INSIGHT', insightId: 'ins-1', insightSeverity: 'high' });
    expect(input.MessageAttributes?.messageType?.StringValue).toBe('NEW_INSIGHT');
    expect(input.MessageAttributes?.severity?.StringValue).toBe('HIGH');
    expect(input.Subject).toMatch(/^[\x20-\x7e]{1,100}$/);
    expect(input.Subject).toContain('New insight');
  });

  it('sends only the configured severities and message types', async () => {
    sns.on(PublishCommand).resolves({});
    const t = new SnsTarget({ client: new SNSClient({}), topicArn: 'arn:t', ...ctx, filter: { severities: ['HIGH'], messageTypes: ['NEW_INSIGHT', 'CLOSED_INSIGHT'] } });
    await t.deliver(notification('NEW_INSIGHT', insight({ severity: 'LOW' })));
    await t.deliver(notification('NEW_ASSOCIATION'));
    await t.deliver(notification('CLOSED_INSIGHT'));
    expect(sns.commandCalls(PublishCommand).map((c) => JSON.parse(JSON.parse(c.args[0].input.Message!).default).messageType)).toEqual(['CLOSED_INSIGHT']);
  });
});

describe('EventBridgeTarget', () => {
  it('puts one event per transition with DevOps-Guru-like detail types', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    const t = new EventBridgeTarget({ client: new EventBridgeClient({}), eventBusName: 'ops', ...ctx });
    for (const type of ['NEW_INSIGHT', 'NEW_ASSOCIATION', 'SEVERITY_UPGRADED', 'NEW_RECOMMENDATION', 'CLOSED_INSIGHT'] as const) await t.deliver(notification(type));
    const entries = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries![0]!);
    expect(entries.map((e) => e.DetailType)).toEqual([
      'Opsight New Insight Open',
      'Opsight New Anomaly Association',
      'Opsight Insight Severity Upgraded',
      'Opsight New Recommendation Created',
      'Opsight Insight Closed',
    ]);
    expect(entries.every((e) => e.Source === 'opsight' && e.EventBusName === 'ops')).toBe(true);
    expect(entries[0]!.Resources).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:checkout']);
    expect(JSON.parse(entries[0]!.Detail!)).toMatchObject({ insightId: 'ins-1', messageType: 'NEW_INSIGHT' });
  });

  it('fails when EventBridge rejects the entry', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'boom' }] });
    const t = new EventBridgeTarget({ client: new EventBridgeClient({}), ...ctx });
    await expect(t.deliver(notification('NEW_INSIGHT'))).rejects.toBeInstanceOf(UpstreamError);
  });
});

describe('OpsCenterTarget', () => {
  it('creates a deduplicated OpsItem for a HIGH insight, keeps its id on the insight and resolves it at close', async () => {
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: 'oi-123' });
    ssm.on(UpdateOpsItemCommand).resolves({});
    const store = new FakeInsights();
    store.byId.set('ins-1', insight());
    const t = new OpsCenterTarget({ client: new SSMClient({}), ...ctx, store });
    await t.deliver(notification('NEW_INSIGHT'));
    const create = ssm.commandCalls(CreateOpsItemCommand)[0]!.args[0].input;
    expect(create.Severity).toBe('1');
    expect(create.Source).toBe('Opsight');
    expect(JSON.parse(create.OperationalData!['/aws/dedup']!.Value!)).toEqual({ dedupString: dedupString('ins-1') });
    expect(create.OperationalData!['/aws/dedup']!.Type).toBe('SearchableString');
    expect(JSON.parse(create.OperationalData!['/aws/resources']!.Value!)).toEqual([{ arn: 'arn:aws:lambda:eu-west-1:123456789012:function:checkout' }]);
    expect(store.byId.get('ins-1')?.opsItemId).toBe('oi-123');
    expect(ssm.commandCalls(UpdateOpsItemCommand)).toHaveLength(0);

    await t.deliver(notification('CLOSED_INSIGHT', insight({ status: 'CLOSED', version: 3 })));
    const update = ssm.commandCalls(UpdateOpsItemCommand)[0]!.args[0].input;
    expect(update).toEqual({ OpsItemId: 'oi-123', Status: 'Resolved' });
  });

  it('maps severities, skips insights below the minimum and raises the item severity on upgrade', async () => {
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: 'oi-9' });
    ssm.on(UpdateOpsItemCommand).resolves({});
    const store = new FakeInsights();
    store.byId.set('ins-1', insight({ severity: 'LOW' }));
    const t = new OpsCenterTarget({ client: new SSMClient({}), ...ctx, store, minSeverity: 'MEDIUM' });
    await t.deliver(notification('NEW_INSIGHT', insight({ severity: 'LOW' })));
    expect(ssm.commandCalls(CreateOpsItemCommand)).toHaveLength(0);
    await t.deliver(notification('SEVERITY_UPGRADED', insight({ severity: 'MEDIUM', version: 2 })));
    expect(ssm.commandCalls(CreateOpsItemCommand)[0]!.args[0].input.Severity).toBe('2');
    await t.deliver(notification('SEVERITY_UPGRADED', insight({ severity: 'HIGH', version: 3 })));
    expect(ssm.commandCalls(UpdateOpsItemCommand)[0]!.args[0].input).toMatchObject({ OpsItemId: 'oi-9', Severity: '1' });
    expect(ssm.commandCalls(UpdateOpsItemCommand)[0]!.args[0].input.Description).toMatch(/^HIGH reactive insight: .*\nSeverity raised to HIGH\./);
    expect(ssm.commandCalls(CreateOpsItemCommand)).toHaveLength(1);
  });

  it('adopts the open OpsItem when OpsCenter deduplicates the create', async () => {
    ssm.on(CreateOpsItemCommand).rejects(new OpsItemAlreadyExistsException({ message: 'exists', $metadata: {}, OpsItemId: 'oi-old' }));
    const store = new FakeInsights();
    store.byId.set('ins-1', insight());
    await new OpsCenterTarget({ client: new SSMClient({}), ...ctx, store }).deliver(notification('NEW_INSIGHT'));
    expect(store.byId.get('ins-1')?.opsItemId).toBe('oi-old');

    ssm.reset();
    ssm.on(CreateOpsItemCommand).resolves({});
    ssm.on(DescribeOpsItemsCommand).resolves({ OpsItemSummaries: [{ OpsItemId: 'oi-found' }] });
    store.byId.set('ins-1', insight());
    await new OpsCenterTarget({ client: new SSMClient({}), ...ctx, store }).deliver(notification('NEW_INSIGHT'));
    expect(store.byId.get('ins-1')?.opsItemId).toBe('oi-found');
  });

  it('creates and resolves the item when the close is handled before the new insight, then does nothing more', async () => {
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: 'oi-late' });
    ssm.on(UpdateOpsItemCommand).resolves({});
    const store = new FakeInsights();
    const closed = insight({ status: 'CLOSED', version: 2 });
    store.byId.set('ins-1', closed);
    const t = new OpsCenterTarget({ client: new SSMClient({}), ...ctx, store });
    await t.deliver(notification('CLOSED_INSIGHT', closed));
    await t.deliver(notification('NEW_INSIGHT', insight()));
    expect(ssm.commandCalls(CreateOpsItemCommand)).toHaveLength(1);
    expect(ssm.commandCalls(UpdateOpsItemCommand).map((c) => c.args[0].input)).toEqual([{ OpsItemId: 'oi-late', Status: 'Resolved' }]);
    // A LOW insight that closes never gets an item.
    const low = insight({ id: 'ins-2', severity: 'LOW', status: 'CLOSED', version: 2 });
    store.byId.set('ins-2', low);
    await t.deliver(notification('CLOSED_INSIGHT', low));
    expect(ssm.commandCalls(CreateOpsItemCommand)).toHaveLength(1);
  });
});

class MemoryLedger implements DeliveryLedger {
  readonly delivered = new Set<string>();
  readonly leases = new Map<string, number>();
  async claim(id: string, target: string, now: number, leaseMs: number) {
    const k = `${id}|${target}`;
    if (this.delivered.has(k)) return 'delivered' as const;
    if ((this.leases.get(k) ?? 0) > now) return 'held' as const;
    this.leases.set(k, now + leaseMs);
    return 'claimed' as const;
  }
  async markDelivered(id: string, target: string) {
    this.delivered.add(`${id}|${target}`);
    this.leases.delete(`${id}|${target}`);
  }
  async release(id: string, target: string) {
    this.leases.delete(`${id}|${target}`);
  }
}

describe('CompositeNotifier', () => {
  it('isolates a failing target, reports it, and with a ledger retries only what failed', async () => {
    sns.on(PublishCommand).resolves({});
    eb.on(PutEventsCommand).rejectsOnce(new Error('EventBridge down')).resolves({ FailedEntryCount: 0, Entries: [{}] });
    const ledger = new MemoryLedger();
    const composite = new CompositeNotifier(
      [new SnsTarget({ client: new SNSClient({}), topicArn: 'arn:t', ...ctx }), new EventBridgeTarget({ client: new EventBridgeClient({}), ...ctx })],
      { ledger, clock: () => 1_000 },
    );
    const n = notification('NEW_INSIGHT');
    const err = await composite.notify([n]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).failures.map((f) => f.target)).toEqual(['eventbridge']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    // Redelivery: SNS is not sent again, EventBridge is retried and succeeds.
    const outcomes = await composite.deliver([n]);
    expect(outcomes.map((o) => `${o.target}:${o.status}`)).toEqual(['sns:skipped', 'eventbridge:delivered']);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(2);
    // A third delivery sends nothing.
    expect((await composite.deliver([n])).every((o) => o.status === 'skipped')).toBe(true);
  });
});

// ---- member accounts --------------------------------------------------------------------------

const SHOP = '111122223333';
const names = { accountAliases: { [SHOP]: 'shop-prod' } };

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
    await new SnsTarget({ client: new SNSClient({}), topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', ...ctx, ...names }).deliver(memberNotification());
    const structure = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!) as Record<string, string>;
    expect(structure.email).toContain('Where:   stack shop, account shop-prod (111122223333), us-east-1');
    const message = JSON.parse(structure.default!) as Record<string, unknown>;
    expect(message).toMatchObject({ accountId: SHOP, region: 'us-east-1', account: 'shop-prod (111122223333)' });
  });

  it('chat card: the where line and the context name the account; related resources are the member ARNs', () => {
    const card = buildChatNotification(memberNotification(), { ...ctx, ...names });
    expect(card.content.description).toContain('account shop-prod (111122223333), us-east-1');
    expect(card.metadata.additionalContext).toMatchObject({ accountId: SHOP, region: 'us-east-1', account: 'shop-prod (111122223333)' });
    expect(card.metadata.relatedResources).toEqual(memberArns);
  });

  it('EventBridge detail names the account; Resources are the member ARNs', async () => {
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    await new EventBridgeTarget({ client: new EventBridgeClient({}), ...ctx }).deliver(memberNotification());
    const entry = eb.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(JSON.parse(entry.Detail!)).toMatchObject({ accountId: SHOP, region: 'us-east-1', account: SHOP });
    expect(entry.Resources).toEqual([memberArns[0]]);
  });

  it('OpsItem: created through the central client, searchable by account, listing the member resources', async () => {
    ssm.on(CreateOpsItemCommand).resolves({ OpsItemId: 'oi-1' });
    const stored = new Map<string, Insight>();
    const store: OpsItemIdStore = { getInsight: async (id) => stored.get(id), setOpsItemId: async () => undefined };
    await new OpsCenterTarget({ client: new SSMClient({}), store, ...ctx, ...names }).deliver(memberNotification());
    const create = ssm.commandCalls(CreateOpsItemCommand)[0]!.args[0].input;
    expect(create.OperationalData!.opsightAccount).toEqual({ Value: 'shop-prod (111122223333)', Type: 'SearchableString' });
    expect(JSON.parse(create.OperationalData!['/aws/resources']!.Value!)).toEqual(memberArns.map((arn) => ({ arn })));
    expect(create.Description).toContain('account shop-prod (111122223333), us-east-1');
  });

  it('reads the aliases from the organisation configuration', () => {
    expect(accountAliasesOf({ accounts: [{ id: SHOP, alias: 'shop-prod', coverage: { mode: 'account' } }, { id: '444455556666', coverage: { mode: 'account' } }] })).toEqual(names.accountAliases);
    expect(accountAliasesOf(undefined)).toEqual({});
  });

  it('an insight of the account Opsight runs in keeps the central account and no account field', () => {
    const card = buildChatNotification(notification('NEW_INSIGHT'), { ...ctx, ...names });
    expect(card.metadata.additionalContext).toEqual({ insightId: 'ins-1', severity: 'HIGH', status: 'ONGOING', ...ctx });
    expect(card.content.description).toContain('account 123456789012, eu-west-1');
  });
});
