import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualTimer } from '../../src/aws/throttle';
import { scan, scanOptions } from '../../src/cli/commands/scan';
import { start } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const MIN = 60_000;

describe('opsight scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-scan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the pipeline read-only over mocked AWS clients into the embedded store and summarises', async () => {
    const cfn = mockClient(CloudFormationClient);
    const cw = mockClient(CloudWatchClient);
    const ct = mockClient(CloudTrailClient);
    const cd = mockClient(CodeDeployClient);
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: 'checkout', LogicalResourceId: 'Checkout', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(NOW) },
      ],
    });
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const start = input.StartTime!.getTime();
      const end = input.EndTime!.getTime();
      return {
        MetricDataResults: input.MetricDataQueries!.map((q) => {
          const ts: Date[] = [];
          const vs: number[] = [];
          for (let t = start; t < end; t += 5 * MIN) {
            ts.push(new Date(t));
            const errors = q.MetricStat!.Metric!.MetricName === 'Errors';
            vs.push(errors ? (t >= NOW - 50 * MIN ? 400 : (t / MIN) % 3) : 100 + ((t / MIN) % 7));
          }
          return { Id: q.Id, StatusCode: 'Complete', Timestamps: ts, Values: vs };
        }),
      };
    });
    ct.on(LookupEventsCommand).resolves({
      Events: [
        {
          EventId: 'deploy-1',
          EventTime: new Date(NOW - 55 * MIN),
          EventSource: 'lambda.amazonaws.com',
          EventName: 'UpdateFunctionCode20150331v2',
          ReadOnly: 'false',
          Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'checkout' }],
        },
      ],
    });
    cd.on(ListDeploymentsCommand).resolves({ deployments: [] });
    const clients = {
      cloudwatch: new CloudWatchClient({ region: 'eu-west-1' }),
      cloudtrail: new CloudTrailClient({ region: 'eu-west-1' }),
      cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
      tagging: new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' }),
      codedeploy: new CodeDeployClient({ region: 'eu-west-1' }),
    };
    const io = captureIo();
    const result = await scan(['--region', 'eu-west-1', '--stack', 'shop', '--since', '12h'], io, {
      clients,
      now: () => NOW,
      env: { OPSIGHT_DATA_DIR: dir },
      timer: new VirtualTimer(NOW),
    });
    expect(result).toMatchObject({ resources: 1, series: 5 });
    // Warm-up of 4 h, then hourly cycles to now: 9 cycles; every cycle asks for all 5 series at least once.
    expect(result.cycles).toBe(9);
    const requested = cw.commandCalls(GetMetricDataCommand).reduce((n, c) => n + c.args[0].input.MetricDataQueries!.length, 0);
    expect(result.metricsRequested).toBe(requested);
    expect(requested).toBeGreaterThanOrEqual(5 * 9);
    expect(result.points).toBeGreaterThan(5 * 12 * 8);
    expect(result.events).toBeGreaterThanOrEqual(1);
    expect(result.insights.length).toBeGreaterThanOrEqual(1);
    expect(result.insights.some((i) => i.collection.name === 'shop')).toBe(true);
    expect(io.lines.some((l) => l.startsWith('Scanned 1 resources (5 series)'))).toBe(true);
    expect(io.lines.some((l) => /cycles 100%/.test(l))).toBe(true);
    // Read-only: only Describe/List/Get/Lookup calls were made.
    const names = [...cfn.calls(), ...cw.calls(), ...ct.calls(), ...cd.calls()].map((c) => (c.args[0] as object).constructor.name);
    expect(names.every((n) => /^(List|Get|Lookup|BatchGet|Describe)/.test(n))).toBe(true);
    for (const m of [cfn, cw, ct, cd]) m.restore();

    // `opsight start --data DIR` then serves the scan as it is: nothing simulated, same insights.
    const startIo = captureIo();
    const running = await start(['--port', '0', '--data', dir], startIo, {});
    try {
      expect(startIo.lines.some((l) => l.includes('scan of eu-west-1') && l.includes('nothing is simulated'))).toBe(true);
      expect(startIo.lines.some((l) => l.startsWith('Analysing scenario'))).toBe(false);
      const served = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Array<{ id: string }> };
      expect(served.insights.map((i) => i.id).sort()).toEqual(result.insights.map((i) => i.id).sort());
    } finally {
      await running.close();
    }
  });

  it('names the bad flag', () => {
    const env = {};
    expect(() => scanOptions(['--stack', 'a'], env)).toThrow(/--region is required/);
    expect(() => scanOptions(['--region', 'eu-west-1'], env)).toThrow(/exactly one coverage/);
    expect(() => scanOptions(['--region', 'eu-west-1', '--stack', 'a', '--account'], env)).toThrow(/exactly one coverage/);
    expect(() => scanOptions(['--region', 'eu-west-1', '--stack', 'a', '--since', 'forever'], env)).toThrow(/--since: expected a duration/);
    expect(() => scanOptions(['--region', 'eu-west-1', '--stack', 'a', '--since', '90d'], env)).toThrow(/--since: at most 63d/);
    expect(() => scanOptions(['--region', 'moon', '--account'], env)).toThrow(/--region: "moon"/);
    expect(() => scanOptions(['--region', 'eu-west-1', '--account', '--stacks', 'x'], env)).toThrow(/unknown flag --stacks/);
    expect(() => scanOptions(['--region', 'eu-west-1', '--tag', 'team=x'], env)).toThrow(/--tag: the key must start with/);
  });

  it('reads the coverage flags', () => {
    const coverage = (...flags: string[]) => scanOptions(['--region', 'eu-west-1', ...flags], {}).coverage;
    expect(coverage('--stack', 'a,b', '--stack=c')).toEqual({ mode: 'stacks', stacks: ['a', 'b', 'c'] });
    expect(coverage('--tag', 'devops-guru-app=shop')).toEqual({ mode: 'tags', tagKey: 'devops-guru-app', tagValues: ['shop'] });
    expect(coverage('--tag', 'opsight-team')).toEqual({ mode: 'tags', tagKey: 'opsight-team', tagValues: [] });
    expect(coverage('--account')).toEqual({ mode: 'account' });
  });
});
