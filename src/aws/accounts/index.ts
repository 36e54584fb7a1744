export { MemberCredentials, AssumeRoleError, oneLine, type MemberRole, type MemberCredentialsOptions, type SessionCredentials } from './credentials';
export { resolveMemberAccounts, listUnitAccounts, type MemberAccountScope, type UnitFailure } from './listing';
export { MemberClients, type Scope, type ScopeClients, type ScopeCollectors, type MemberClientsOptions } from './clients';
export { CollectionHealth, type ScopeFailure } from './health';
export { FanoutCatalog, scopeResources, type FanoutCatalogOptions } from './fanout-catalog';
export { FanoutMetricSource, FanoutEventSource } from './fanout-sources';
export { FanoutLogSource, parseScopedGroup } from './fanout-logs';
export { Fleet, type FleetOptions } from './fleet';
