/** An API returns more 5XX errors: the integration (backend) is failing. */
import { defineRule } from '../define';

export const apigw5xxIntegration = defineRule({
  id: 'apigw-5xx-integration',
  name: 'Check the API integration backend',
  service: 'API Gateway',
  link: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/ApiGateway', metric: /^5XXError$/, direction: 'ABOVE' }],
  description:
    'Turn on execution or access logging for the stage and compare Latency with IntegrationLatency: 5XX with high integration latency point at the backend (Lambda, HTTP endpoint), otherwise at the API configuration.',
});
