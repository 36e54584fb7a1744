import { ListAccountsForParentCommand, ListChildrenCommand, OrganizationsClient, type ListAccountsForParentCommandInput, type ListChildrenCommandInput } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveMemberAccounts } from '../../../src/aws/accounts';
import { OrganizationSchema } from '../../../src/core';

const orgs = mockClient(OrganizationsClient);
afterEach(() => orgs.reset());

const ROOT_OU = 'ou-ab12-11111111';
const NESTED_OU = 'ou-ab12-22222222';
const DEEP_OU = 'ou-ab12-33333333';

/** ou 1 holds two pages of accounts and ou 2, which holds ou 3; one account is suspended. */
function organisation() {
  const accounts: Record<string, Array<Array<{ Id: string; Name: string; State: string }>>> = {
    [ROOT_OU]: [
      [{ Id: '111111111111', Name: 'orders-prod', State: 'ACTIVE' }],
      [{ Id: '222222222222', Name: 'old', State: 'SUSPENDED' }, { Id: '333333333333', Name: 'payments-prod', State: 'ACTIVE' }],
    ],
    [NESTED_OU]: [[{ Id: '444444444444', Name: 'search-dev', State: 'ACTIVE' }]],
    [DEEP_OU]: [[{ Id: '555555555555', Name: 'central', State: 'ACTIVE' }, { Id: '666666666666', Name: 'deep', State: 'ACTIVE' }]],
  };
  const children: Record<string, string[]> = { [ROOT_OU]: [NESTED_OU], [NESTED_OU]: [DEEP_OU], [DEEP_OU]: [] };
  orgs.on(ListAccountsForParentCommand).callsFake((input: ListAccountsForParentCommandInput) => {
    const pages = accounts[input.ParentId!]!;
    const i = input.NextToken ? Number(input.NextToken) : 0;
    return { Accounts: pages[i], ...(i + 1 < pages.length ? { NextToken: String(i + 1) } : {}) };
  });
  orgs.on(ListChildrenCommand).callsFake((input: ListChildrenCommandInput) => {
    expect(input.ChildType).toBe('ORGANIZATIONAL_UNIT');
    return { Children: children[input.ParentId!]!.map((Id) => ({ Id, Type: 'ORGANIZATIONAL_UNIT' })) };
  });
}

const client = () => new OrganizationsClient({ region: 'us-east-1' });

describe('member accounts of an organisation config', () => {
  it('lists ACTIVE accounts of a unit and its nested units through every page, names as aliases, the central account left out', async () => {
    organisation();
    const org = OrganizationSchema.parse({ externalId: 'ext-1', regions: ['eu-west-1', 'us-east-1'], organizationalUnits: [{ id: ROOT_OU, coverage: { mode: 'tags', tagKey: 'opsight-team' } }] });
    const { accounts, failures } = await resolveMemberAccounts(org, { organizations: client(), centralRegion: 'eu-central-1', centralAccountId: '555555555555' });
    expect(failures).toEqual([]);
    expect(accounts.map((a) => [a.accountId, a.alias])).toEqual([
      ['111111111111', 'orders-prod'],
      ['333333333333', 'payments-prod'],
      ['444444444444', 'search-dev'],
      ['666666666666', 'deep'],
    ]);
    for (const a of accounts) {
      expect(a.organizationalUnitId).toBe(ROOT_OU);
      expect(a.coverage).toMatchObject({ mode: 'tags', tagKey: 'opsight-team' });
      expect(a.regions).toEqual(['eu-west-1', 'us-east-1']);
    }
    expect(orgs.commandCalls(ListAccountsForParentCommand).filter((c) => c.args[0].input.ParentId === ROOT_OU)).toHaveLength(2);
  });

  it('keeps an explicit account (its alias, coverage and regions) over the same account listed from a unit; regions fall back account → unit → organisation → central region', async () => {
    organisation();
    const org = OrganizationSchema.parse({
      externalId: 'ext-1',
      accounts: [
        { id: '111111111111', alias: 'orders', coverage: { mode: 'stacks', stacks: ['orders'] }, regions: ['ap-southeast-2'] },
        { id: '777777777777' },
      ],
      organizationalUnits: [{ id: NESTED_OU, regions: ['us-west-2'] }],
    });
    const { accounts } = await resolveMemberAccounts(org, { organizations: client(), centralRegion: 'eu-central-1' });
    const byId = new Map(accounts.map((a) => [a.accountId, a]));
    expect(byId.get('111111111111')).toEqual({ accountId: '111111111111', alias: 'orders', coverage: { mode: 'stacks', stacks: ['orders'] }, regions: ['ap-southeast-2'] });
    expect(byId.get('777777777777')?.regions).toEqual(['eu-central-1']);
    expect(byId.get('444444444444')?.regions).toEqual(['us-west-2']);
    expect(byId.get('666666666666')?.alias).toBe('deep');
  });

  it('reports a unit it may not list and still resolves the explicit accounts', async () => {
    orgs.on(ListAccountsForParentCommand).rejects(Object.assign(new Error('You don’t have permissions to access this resource.'), { name: 'AccessDeniedException' }));
    const org = OrganizationSchema.parse({ externalId: 'ext-1', accounts: [{ id: '777777777777' }], organizationalUnits: [{ id: ROOT_OU }] });
    const { accounts, failures } = await resolveMemberAccounts(org, { organizations: client(), centralRegion: 'eu-west-1' });
    expect(accounts.map((a) => a.accountId)).toEqual(['777777777777']);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.organizationalUnitId).toBe(ROOT_OU);
    expect((failures[0]!.error as Error).name).toBe('AccessDeniedException');
  });
});
