/** A Lambda function's errors rose with no change event to blame. */
import { defineRule } from '../define';

export const lambdaErrorsInvestigate = defineRule({
  id: 'lambda-errors-investigate',
  name: 'Investigate the function errors',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
  weight: 0.55,
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^Errors$/, direction: 'ABOVE' }],
  description:
    'Read the function logs for the anomaly window, group the errors by type, and check the downstream services it calls; add retries with backoff for transient failures.',
});
