/** The logs show invocations timing out. */
import { defineLogRule } from '../log-rule';

export const lambdaLogTimeout = defineLogRule({
  id: 'lambda-log-timeout',
  name: 'Find what the timed-out invocations wait on',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html',
  weight: 0.85,
  pattern: /timed out|timeout|ETIMEDOUT/i,
  supersedes: ['lambda-timeout-review', 'lambda-duration-memory'],
  description:
    'Invocations end at the function timeout. Find the call they wait on (a downstream API, a database, a cold connection), give it a client timeout shorter than the function timeout and retry with backoff; raise the timeout only if the work is legitimately longer.',
});
