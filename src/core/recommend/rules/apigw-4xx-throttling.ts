/** More client errors: often throttling (429) or authorization failures after a change. */
import { defineRule } from '../define';

export const apigw4xxThrottling = defineRule({
  id: 'apigw-4xx-throttling',
  name: 'Review API throttling and usage plans',
  service: 'API Gateway',
  link: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/ApiGateway', metric: /^4XXError$/, direction: 'ABOVE' }],
  description:
    'Check the access logs for 429 responses: raise the stage or usage-plan throttling limits if legitimate traffic grew, or give the noisy client its own usage plan; 401/403 spikes point at an authorizer or key change instead.',
});
