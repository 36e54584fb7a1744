/** Forecast: the oldest message will outlive the queue's retention period and be deleted unprocessed. */
import { defineRule } from '../define';

export const sqsRetentionForecast = defineRule({
  id: 'sqs-retention-forecast',
  name: 'Drain the queue before messages expire',
  service: 'SQS',
  link: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html',
  weight: 0.95,
  insightType: 'PROACTIVE',
  anomalies: [{ namespace: 'AWS/SQS', metric: /^ApproximateAgeOfOldestMessage$/, direction: 'ABOVE' }],
  description:
    'Add consumer capacity so the backlog shrinks, and meanwhile raise the queue MessageRetentionPeriod (up to 14 days) so messages are not deleted before they are processed.',
});
