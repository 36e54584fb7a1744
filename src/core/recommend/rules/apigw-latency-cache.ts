/** An API got slower. */
import { defineRule } from '../define';

export const apigwLatencyCache = defineRule({
  id: 'apigw-latency-cache',
  name: 'Cache API responses',
  service: 'API Gateway',
  link: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
  weight: 0.4,
  anomalies: [{ namespace: 'AWS/ApiGateway', metric: /^(Latency|IntegrationLatency)$/, direction: 'ABOVE' }],
  description:
    'Find which integration is slow (IntegrationLatency per method); for read-heavy methods whose responses can be a few seconds stale, enable stage caching with a short TTL.',
});
