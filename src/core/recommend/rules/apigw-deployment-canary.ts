/** An API stage misbehaves right after a new deployment of the API. */
import { defineRule } from '../define';

export const apigwDeploymentCanary = defineRule({
  id: 'apigw-deployment-canary',
  name: 'Roll back the API stage deployment',
  service: 'API Gateway',
  link: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html',
  weight: 0.9,
  supersedes: ['apigw-5xx-integration', 'apigw-4xx-throttling', 'apigw-latency-cache'],
  anomalies: [{ namespace: 'AWS/ApiGateway', metric: /^(5XXError|4XXError|Latency|IntegrationLatency)$/, direction: 'ABOVE' }],
  events: { classes: ['DEPLOYMENT'], sources: ['apigateway.amazonaws.com'] },
  description:
    'Point the stage back at the previous deployment, then release API changes through a canary stage setting that sends a small percentage of traffic to the new deployment first.',
});
