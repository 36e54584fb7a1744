/** Many messages in flight: consumers may be timing out and messages reappearing. */
import { defineRule } from '../define';

export const sqsVisibilityTimeout = defineRule({
  id: 'sqs-visibility-timeout',
  name: 'Align the visibility timeout with processing time',
  service: 'SQS',
  link: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/SQS', metric: /^ApproximateNumberOfMessagesNotVisible$/, direction: 'ABOVE' }],
  description:
    'Set the visibility timeout above the longest processing time (for Lambda consumers, at least six times the function timeout) so messages are not delivered twice while still being processed.',
});
