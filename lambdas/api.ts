/**
 * API Gateway (REST, proxy integration) → the REST API router. Wiring only.
 */
import { createLambdaHandler } from '../src/api/lambda';
import { CloudWatchMetricSource } from '../src/aws/collect';
import { ConfiguredCatalog } from '../src/aws/coverage';
import { fleetFor } from './shared/fleet';
import { observability } from './shared/observability';
import { lazyClients, readEnv, storeFor } from './shared/runtime';

const obs = observability('opsight-api');
const env = readEnv();
const clients = lazyClients(obs);
const store = storeFor({ env, clients, obs, clock: Date.now });
// A member account's series (they carry its account and region) are charted with its role.
const fleet = fleetFor({ env, clients, obs, clock: Date.now }, { now: Date.now });
const chartSource = new CloudWatchMetricSource(clients.cloudwatch, { onIssue: (issue) => obs.logger.warn('metric data issue (anomaly series)', { ...issue }) });

export const handler = createLambdaHandler({
  store,
  config: store,
  defaultCoverage: env.config.coverage,
  catalog: new ConfiguredCatalog({ cloudwatch: clients.cloudwatch, cloudformation: clients.cloudformation, tagging: clients.tagging }, store, env.config.coverage),
  // The metric around an anomaly, for its chart (needs cloudwatch:GetMetricData).
  metrics: fleet ? fleet.metrics(chartSource) : chartSource,
  onError: (err) => obs.logger.error('unhandled API error', err as Error),
  // In an organisation, `account=<central id>` selects the central account's own records.
  ...(env.accountId ? { centralAccountId: env.accountId } : {}),
});
