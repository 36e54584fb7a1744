/** A Lambda function is throttled or its concurrency surged. */
import { defineRule } from '../define';

export const lambdaThrottlesConcurrency = defineRule({
  id: 'lambda-throttles-concurrency',
  name: 'Reserve concurrency for the function',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
  weight: 0.8,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^(Throttles|ConcurrentExecutions)$/, direction: 'ABOVE' }],
  description:
    'Give the function reserved concurrency sized to its peak (concurrency ≈ requests per second × average duration), and check that no other function exhausts the shared account pool.',
});
