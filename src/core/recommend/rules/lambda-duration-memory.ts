/** A Lambda function got slower. */
import { defineRule } from '../define';

export const lambdaDurationMemory = defineRule({
  id: 'lambda-duration-memory',
  name: 'Tune the function memory size',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^Duration$/, direction: 'ABOVE' }],
  description:
    'Check whether the slowdown comes from a dependency or from the function itself; CPU scales with the memory setting, so test a larger memory size when the function is compute-bound.',
});
