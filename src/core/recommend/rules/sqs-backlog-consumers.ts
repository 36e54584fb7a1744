/** Messages pile up in a queue: consumers are too slow or stopped. */
import { defineRule } from '../define';

export const sqsBacklogConsumers = defineRule({
  id: 'sqs-backlog-consumers',
  name: 'Scale the queue consumers',
  service: 'SQS',
  link: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html',
  weight: 0.65,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'AWS/SQS', metric: /^(ApproximateNumberOfMessagesVisible|ApproximateAgeOfOldestMessage)$/, direction: 'ABOVE' }],
  description:
    'Check that the consumers are running and not failing (their errors, the dead-letter queue); scale them on the backlog per consumer, or raise the Lambda event source maximum concurrency.',
});
