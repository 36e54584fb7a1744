/** A Lambda function misbehaves after a configuration change (memory, timeout, environment, layers). */
import { defineRule } from '../define';

export const lambdaConfigChangeRevert = defineRule({
  id: 'lambda-config-change-revert',
  name: 'Revert the function configuration change',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html',
  weight: 0.9,
  supersedes: ['lambda-errors-investigate', 'lambda-duration-memory'],
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^(Errors|Duration|Throttles)$/, direction: 'ABOVE' }],
  events: { classes: ['CONFIG_CHANGE'], sources: ['lambda.amazonaws.com'] },
  description:
    'Restore the previous configuration (publish it as a version and point the alias at it), then re-apply the change behind an alias with weighted routing so its effect is measured on a fraction of traffic.',
});
