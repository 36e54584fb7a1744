import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
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
