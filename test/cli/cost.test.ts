import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { VirtualTimer } from '../../src/aws/throttle';
import { cost, parseResourceCounts } from '../../src/cli/commands/cost';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

describe('opsight cost', () => {
  it('prints the example bill with its fixed lines and unit prices beside DevOps Guru', async () => {
    const io = captureIo();
    expect(await main(['cost'], io)).toBe(0);
    const text = io.lines.join('\n');
    expect(text).toMatch(/KMS key \(SNS topics\)\s+1\s+key-months\s+\$1\.00\s+\$1\.0000/);
    expect(text).toMatch(/CloudWatch alarms\s+10\s+alarm-months\s+\$0\.10\s+\$1\.0000/);
    expect(text).toMatch(/CloudWatch GetMetricData\s+[\d,]+\s+metrics requested\s+\$10 \/ M/);
    expect(text).toMatch(/DevOps Guru list price\s+2,190\s+resource-hours \(2 A, 1 B\).*\$7\.1540/);
    const ratio = Number(/Opsight \/ DevOps Guru = ([\d.]+)/.exec(text)![1]);
    // Three resources do not pay for the fixed costs; the figures are in docs/cost.md.
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(1);
  });

  it('prints JSON with every line, its quantity and unit price, and prices the optional dashboard', async () => {
    const io = captureIo();
    const e = await cost(['--json', '--dashboard'], io);
    const json = JSON.parse(io.lines.join('\n')) as { lines: Array<{ service: string; quantity: number; unitUsd: number; usd: number; kind: string }>; totalUsd: number };
    const dashboard = json.lines.find((l) => l.service === 'CloudWatch dashboard')!;
    expect(dashboard).toMatchObject({ quantity: 1, unitUsd: 3, usd: 3, kind: 'fixed' });
    for (const l of json.lines) expect(l.usd).toBeCloseTo(l.quantity * l.unitUsd, 9);
    expect(json.totalUsd).toBeCloseTo(e.totalUsd, 9);
  });

  it('takes resource counts and cadence', async () => {
    const io = captureIo();
    const e = await cost(['--resources', 'lambda=4,rds=1', '--golden-minutes', '10', '--capacity-minutes', '30'], io);
    expect(e.resources).toBe(5);
    expect(e.devOpsGuru).toMatchObject({ groupA: 4, groupB: 1 });
    expect(e.cadence).toEqual({ goldenSignalsMinutes: 10, capacityMinutes: 30, quietGoldenMinutes: 15 });
    expect(io.lines[0]).toMatch(/every 10 min.*every 30 min/);
  });

  it('reads a stack coverage through the AWS clients', async () => {
    const cfn = mockClient(CloudFormationClient);
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { ResourceType: 'AWS::DynamoDB::Table', PhysicalResourceId: 'orders', LogicalResourceId: 'Orders', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      ],
    });
    const clients = {
      cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
      cloudtrail: new CloudTrailClient({ region: 'eu-west-1' }),
      cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
      tagging: new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' }),
      codedeploy: new CodeDeployClient({ region: 'eu-west-1' }),
    };
    const e = await cost(['--stack', 'shop', '--region', 'eu-west-1'], captureIo(), { clients, timer: new VirtualTimer() });
    expect(e.resources).toBe(1);
    expect(e.devOpsGuru.groupA).toBe(1);
    cfn.restore();
  });

  it('names bad flags', async () => {
    expect(() => parseResourceCounts('lambda=x')).toThrow(/--resources: expected KIND=COUNT/);
    expect(() => parseResourceCounts('mainframe=1')).toThrow(/unknown kind "mainframe"/);
    await expect(cost(['--golden-minutes', '0'], captureIo())).rejects.toThrow(/--golden-minutes: expected an integer from 1 to 60/);
    await expect(cost(['--mode', 'huge'], captureIo())).rejects.toThrow(/--mode/);
    await expect(cost(['--stacks', 'x'], captureIo())).rejects.toThrow(/unknown flag --stacks/);
    await expect(cost(['--stack', 'shop'], captureIo(), { env: {} })).rejects.toThrow(/--region is required/);
  });
});

describe('opsight cost with an organisation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-cost-'));
  const file = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
    return path;
  };
  const organization = {
    externalId: 'opsight-7f3a',
    regions: ['eu-west-1'],
    accounts: [
      { id: '111122223333', alias: 'shop-prod', regions: ['eu-west-1', 'us-east-1'] },
      { id: '444455556666', alias: 'payments', coverage: { mode: 'stacks', stacks: ['payments'] } },
    ],
  };
  const orgFile = file('org.json', { organization });
  const accountFlags = ['--account-resources', '111122223333:lambda=20,dynamodb=5', '--account-resources', '444455556666:lambda=8,rds=1'];

  it('prints a table per account: id, alias, regions, resources, series, metrics, dollars', async () => {
    const io = captureIo();
    expect(await main(['cost', '--config', orgFile, ...accountFlags], io)).toBe(0);
    const text = io.lines.join('\n');
    const header = io.lines.find((l) => l.startsWith('account '))!;
    for (const col of ['alias', 'regions', 'resources', 'series', 'metrics/month', 'Opsight', 'of which reads', 'DevOps Guru']) expect(header).toContain(col);
    expect(text).toMatch(/^central\s+-\s+1\s+3\s+15\s+[\d,]+\s+\$[\d.]+\s+-\s+\$7\.1540$/m);
    // 25 resources in each of two regions.
    expect(text).toMatch(/^111122223333\s+shop-prod\s+2\s+50\s+\d+\s+[\d,]+\s+\$[\d.]+\s+\$[\d.]+\s+\$[\d.]+$/m);
    expect(text).toMatch(/^444455556666\s+payments\s+1\s+9\s+/m);
    expect(text).toMatch(/^shared\s+fixed, per cycle\s+\$[\d.]+$/m);
    expect(text).toMatch(/^total\s+62\s+/m);
    expect(text).toContain("appear on its bill");
    // The whole organisation's bill comes first, as for one account.
    expect(io.lines[0]).toMatch(/^Coverage: 62 resources/);
  });

  it('gives the same figures as JSON, rows plus shared equal to the total', async () => {
    const io = captureIo();
    await cost(['--config', orgFile, '--json', ...accountFlags], io);
    const json = JSON.parse(io.lines.join('\n')) as { totalUsd: number; sharedUsd: number; accounts: Array<{ accountId?: string; alias?: string; usd: number; memberReadsUsd: number }> };
    expect(json.accounts.map((a) => a.alias ?? a.accountId ?? 'central')).toEqual(['central', 'shop-prod', 'payments']);
    expect(json.accounts.reduce((s, a) => s + a.usd, 0) + json.sharedUsd).toBeCloseTo(json.totalUsd, 9);
  });

  it('prices accounts not given with the example coverage, and leaves the central account out when asked', async () => {
    const io = captureIo();
    const e = await cost(['--config', file('members-only.json', { organization: { ...organization, includeCentralAccount: false } })], io);
    // Two regions × 3 + 1 region × 3.
    expect(e.resources).toBe(9);
    expect(io.lines.some((l) => l.startsWith('central '))).toBe(false);
  });

  it('reads the configuration from a cdk.json and keeps the single-account output without an organisation', async () => {
    const plain = captureIo();
    await cost([], plain);
    const withConfig = captureIo();
    await cost(['--config', file('cdk.json', { app: 'npx tsx bin/opsight.ts', context: { opsight: { coverage: { mode: 'account' } } } })], withConfig);
    expect(withConfig.lines).toEqual(plain.lines);
    const fromCdk = captureIo();
    await cost(['--config', file('cdk-org.json', { context: { opsight: { organization } } })], fromCdk);
    expect(fromCdk.lines.some((l) => l.startsWith('111122223333'))).toBe(true);
  });

  it('names what is wrong', async () => {
    await expect(cost(['--account-resources', '111122223333:lambda=1'], captureIo())).rejects.toThrow(/--account-resources needs --config with an organization/);
    await expect(cost(['--config', orgFile, '--account-resources', '111122223333'], captureIo())).rejects.toThrow(/--account-resources: expected ACCOUNT:KIND=N/);
    await expect(cost(['--config', orgFile, '--account-resources', '999999999999:lambda=1'], captureIo())).rejects.toThrow(/account 999999999999 is not in organization.accounts/);
    await expect(cost(['--config', orgFile, ...accountFlags, '--account-resources', '111122223333:ec2=1'], captureIo())).rejects.toThrow(/account 111122223333 is given twice/);
    await expect(cost(['--config', orgFile, '--account', '--region', 'eu-west-1'], captureIo())).rejects.toThrow(/--config with an organization prices made-up coverages/);
    await expect(cost(['--config', join(dir, 'missing.json')], captureIo())).rejects.toThrow(/--config: cannot read/);
    await expect(cost(['--config', file('bad.json', '{')], captureIo())).rejects.toThrow(/--config: .* is not valid JSON/);
    await expect(cost(['--config', file('bad-org.json', { organization: { externalId: 'x', accounts: [{ id: '12' }] } })], captureIo())).rejects.toThrow(/--config: .*opsight\.organization\.accounts\.0\.id: must be a 12-digit AWS account id/);
  });
});
