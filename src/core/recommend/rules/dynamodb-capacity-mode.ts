/** Throttling on a table whose traffic is spiky: on-demand capacity may fit better. */
import { defineRule } from '../define';

export const dynamodbCapacityMode = defineRule({
  id: 'dynamodb-capacity-mode',
  name: 'Consider on-demand capacity mode',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html',
  weight: 0.55,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'AWS/DynamoDB', metric: /^(ReadThrottleEvents|WriteThrottleEvents|ThrottledRequests)$/, direction: 'ABOVE' }],
  description:
    'If the traffic is spiky or hard to predict, switch the table to on-demand capacity so it is not throttled while provisioned capacity catches up; keep provisioned mode with auto scaling for steady, predictable load.',
});
