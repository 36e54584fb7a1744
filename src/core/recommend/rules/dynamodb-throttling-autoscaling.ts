/** A DynamoDB table or index is throttled. */
import { defineRule } from '../define';

export const dynamodbThrottlingAutoscaling = defineRule({
  id: 'dynamodb-throttling-autoscaling',
  name: 'Scale the table capacity with demand',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html',
  weight: 0.8,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'AWS/DynamoDB', metric: /^(ReadThrottleEvents|WriteThrottleEvents|ThrottledRequests)$/, direction: 'ABOVE' }],
  description:
    'Enable auto scaling on the table and its global secondary indexes (target utilization around 70 %), or raise the maximum capacity if auto scaling is already on and reached it.',
});
