/**
 * EventSource over CloudTrail LookupEvents (management events, write-only) with paging.
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { classifyCloudTrail } from '../../core/events/classify';
import type { EventSource, OpsEvent, Resource } from '../../core';

export class CloudTrailEventSource implements EventSource {
  constructor(private readonly client: CloudTrailClient) {}

  async fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]> {
    const stackOf = new Map(resources.map((r) => [r.name, r.stack]));
    const out: OpsEvent[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new LookupEventsCommand({
          StartTime: new Date(start),
          EndTime: new Date(end),
          LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }],
          MaxResults: 50,
          NextToken: token,
        }),
      );
      for (const e of page.Events ?? []) {
        if (!e.EventId || !e.EventTime || !e.EventSource || !e.EventName) continue;
        const res = (e.Resources ?? []).filter((r) => r.ResourceName).map((r) => ({ type: r.ResourceType, name: r.ResourceName! }));
        const stack = res.map((r) => stackOf.get(r.name)).find((s) => s !== undefined);
        out.push({
          id: e.EventId,
          time: e.EventTime.getTime(),
          source: e.EventSource,
          name: e.EventName,
          dataSource: 'CLOUD_TRAIL',
          class: classifyCloudTrail(e.EventSource, e.EventName),
          resources: res,
          ...(stack ? { stack } : {}),
          ...(e.Username ? { user: e.Username } : {}),
        });
      }
      token = page.NextToken;
    } while (token);
    return out;
  }
}
