/**
 * The built-in two-account demo (`opsight start --two-accounts`): the checkout service of the
 * built-in scenario deployed in two member accounts, production and staging, with the same
 * names in both. Each account gets its own bad deployment at the same minute: two incidents,
 * two insights, each blaming its own account's deployment, since no dependency links the
 * accounts. Four days, so it is ready as quickly as the built-in scenario.
 */
import { scopedResourceId, type OpsEvent } from '../../core';
import { builtinScenario } from './builtin';
import type { ScenarioBundle } from './bundle';

export const DEMO_ACCOUNTS = [
  { id: '111122223333', alias: 'shop-prod', organizationalUnitId: 'ou-demo-produnit1', region: 'eu-west-1', seed: 7 },
  { id: '444455556666', alias: 'shop-staging', organizationalUnitId: 'ou-demo-testunit1', region: 'us-east-1', seed: 11 },
] as const;

/** One account's copy of the built-in scenario: ids scoped to the account, events and series carrying it. */
function inAccount(b: ScenarioBundle, accountId: string, region: string): ScenarioBundle {
  const id = (resourceId: string) => scopedResourceId(resourceId, accountId, region);
  const eventId = (e: string) => `${accountId}-${e}`;
  const scope = { accountId, region };
  return {
    ...b,
    resources: b.resources.map((r) => ({ ...r, id: id(r.id), ...scope })),
    series: b.series.map((s) => ({ ...s, resourceId: id(s.resourceId), ...scope })),
    events: b.events.map((e): OpsEvent => ({ ...e, id: eventId(e.id), ...scope })),
    labels: b.labels.map((l) => ({ ...l, resourceId: id(l.resourceId), ...(l.causeEventId ? { causeEventId: eventId(l.causeEventId) } : {}) })),
  };
}

export function twoAccountScenario(): ScenarioBundle {
  const copies = DEMO_ACCOUNTS.map((a) => inAccount(builtinScenario({ seed: a.seed }), a.id, a.region));
  const first = copies[0]!;
  return {
    ...first,
    name: 'builtin-two-accounts',
    description: 'The checkout service in two member accounts (production and staging), each with its own bad deployment at the same minute: two insights, one per account.',
    resources: copies.flatMap((c) => c.resources),
    series: copies.flatMap((c) => c.series),
    events: copies.flatMap((c) => c.events),
    labels: copies.flatMap((c) => c.labels),
    accounts: DEMO_ACCOUNTS.map(({ id, alias, organizationalUnitId }) => ({ id, alias, organizationalUnitId })),
  };
}
