/** The logs show Lambda rejecting invocations for lack of concurrency. */
import { defineLogRule } from '../log-rule';

export const lambdaLogThrottled = defineLogRule({
  id: 'lambda-log-throttled',
  name: 'Give the throttled function more concurrency',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html',
  weight: 0.85,
  pattern: /TooManyRequestsException|Rate Exceeded/,
  description:
    'Invocations are rejected because the function has no concurrency left. Raise its reserved concurrency (or the account quota), or smooth the traffic with a queue in front of it.',
});
