/** Errors and duration rose together: invocations are likely timing out. */
import { defineRule } from '../define';

export const lambdaTimeoutReview = defineRule({
  id: 'lambda-timeout-review',
  name: 'Check the function timeout',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html',
  weight: 0.65,
  supersedes: ['lambda-duration-memory'],
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^Errors$/, direction: 'ABOVE' }],
  alsoRequires: [{ namespace: 'AWS/Lambda', metric: /^Duration$/, direction: 'ABOVE' }],
  description:
    'Errors rising with duration usually means invocations hit the timeout. Search the logs for "Task timed out", set client timeouts on downstream calls shorter than the function timeout, and raise the timeout only if the work is legitimately longer.',
});
