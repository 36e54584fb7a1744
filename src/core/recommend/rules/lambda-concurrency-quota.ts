/** Forecast: a function's concurrent executions are heading for the account concurrency limit. */
import { defineRule } from '../define';

export const lambdaConcurrencyQuota = defineRule({
  id: 'lambda-concurrency-quota',
  name: 'Request a Lambda concurrency quota increase',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
  weight: 0.95,
  insightType: 'PROACTIVE',
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^ConcurrentExecutions$/, direction: 'ABOVE' }],
  description:
    'Request an increase of the Concurrent executions quota in Service Quotas before the forecast date, and reserve concurrency for critical functions so growth elsewhere cannot starve them.',
});
