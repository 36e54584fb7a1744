/**
 * EventSource over CodeDeploy: ListDeployments by `createTimeRange` (NextToken paging), then
 * BatchGetDeployments in chunks of at most 25 ids; each deployment becomes a DEPLOYMENT event
 * (pure normaliser `fromCodeDeployDeployment`, src/core/events) whose resources are the
 * deployment's targets: Lambda functions from the AppSpec, ECS services from the deployment
 * group (GetDeploymentGroup, once per group), Auto Scaling groups for EC2.
 */
import {
  BatchGetDeploymentsCommand,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  type CodeDeployClient,
  type DeploymentInfo,
  type ListDeploymentsCommandOutput,
} from '@aws-sdk/client-codedeploy';
import { UpstreamError, type EventRead, type EventSource, type OpsEvent, type Resource, type TimeWindow } from '../../core';
import { fromCodeDeployDeployment } from '../../core/events';
import { TokenBucket, realTimer, type Timer } from '../throttle';

/** BatchGetDeployments accepts at most 25 ids. */
export const BATCH_GET_DEPLOYMENTS_MAX = 25;

export interface CodeDeploySourceOptions {
  readonly timer?: Timer;
  /** Calls per second. @default 5 */
  readonly tps?: number;
}

export class CodeDeployEventSource implements EventSource {
  readonly stats = { calls: 0, events: 0 };
  private readonly bucket: TokenBucket;
  private readonly timer: Timer;

  constructor(
    private readonly client: CodeDeployClient,
    options: CodeDeploySourceOptions = {},
  ) {
    this.timer = options.timer ?? realTimer;
    this.bucket = new TokenBucket({ ratePerSecond: options.tps ?? 5, burst: 1, timer: this.timer });
  }

  /** Paces one call; retries are the SDK client's (its retry strategy), never repeated here. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    await this.bucket.take();
    this.stats.calls++;
    return fn();
  }

  async fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]> {
    if (!(end > start)) return [];
    const ids: string[] = [];
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      const page: ListDeploymentsCommandOutput = await this.call(() =>
        this.client.send(new ListDeploymentsCommand({ createTimeRange: { start: new Date(start), end: new Date(end) }, ...(token ? { nextToken: token } : {}) })),
      );
      if (page.deployments !== undefined && !Array.isArray(page.deployments)) throw new UpstreamError('ListDeployments returned deployments that is not a list');
      ids.push(...(page.deployments ?? []));
      token = page.nextToken || undefined;
      if (token && seen.has(token)) throw new UpstreamError('ListDeployments returned the same nextToken twice');
      if (token) seen.add(token);
    } while (token);

    const unique = [...new Set(ids)];
    const infos: DeploymentInfo[] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_DEPLOYMENTS_MAX) {
      const chunk = unique.slice(i, i + BATCH_GET_DEPLOYMENTS_MAX);
      const out = await this.call(() => this.client.send(new BatchGetDeploymentsCommand({ deploymentIds: chunk })));
      if (out.deploymentsInfo !== undefined && !Array.isArray(out.deploymentsInfo)) throw new UpstreamError('BatchGetDeployments returned deploymentsInfo that is not a list');
      infos.push(...(out.deploymentsInfo ?? []));
    }

    const stackOf = new Map<string, string>();
    for (const r of resources) if (r.stack) stackOf.set(r.name, r.stack);
    const groupTargets = new Map<string, Array<{ type: string; name: string }>>();
    const events: OpsEvent[] = [];
    for (const info of infos) {
      let targets: Array<{ type: string; name: string }> = [];
      if (info.computePlatform === 'ECS' && info.applicationName && info.deploymentGroupName) {
        const key = `${info.applicationName}/${info.deploymentGroupName}`;
        if (!groupTargets.has(key)) {
          const g = await this.call(() =>
            this.client.send(new GetDeploymentGroupCommand({ applicationName: info.applicationName!, deploymentGroupName: info.deploymentGroupName! })),
          );
          groupTargets.set(
            key,
            (g.deploymentGroupInfo?.ecsServices ?? []).filter((s) => s.serviceName).map((s) => ({ type: 'AWS::ECS::Service', name: s.serviceName! })),
          );
        }
        targets = groupTargets.get(key) ?? [];
      }
      const ev = fromCodeDeployDeployment(info, { targets, stackOf: (n) => stackOf.get(n) });
      if (ev) events.push(ev);
    }
    this.stats.events += events.length;
    return events.sort((a, b) => a.time - b.time);
  }
}

/** Several event sources read as one; events with the same id are kept once. */
export class CombinedEventSource implements EventSource {
  constructor(private readonly sources: readonly EventSource[]) {}

  async fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]> {
    return (await this.read(start, end, resources)).events;
  }

  /** Every source's events, and every part a source left unread. */
  async read(start: number, end: number, resources: readonly Resource[]): Promise<EventRead> {
    const all = new Map<string, OpsEvent>();
    const unread: TimeWindow[] = [];
    for (const s of this.sources) {
      const r = s.read ? await s.read(start, end, resources) : { events: await s.fetch(start, end, resources), unread: [] };
      for (const e of r.events) all.set(e.id, e);
      unread.push(...r.unread);
    }
    return { events: [...all.values()].sort((a, b) => a.time - b.time), unread };
  }
}
