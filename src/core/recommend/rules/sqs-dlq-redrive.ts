/** Messages arrive in a dead-letter queue: processing fails repeatedly. */
import { defineRule } from '../define';

export const sqsDlqRedrive = defineRule({
  id: 'sqs-dlq-redrive',
  name: 'Inspect and redrive the dead-letter queue',
  service: 'SQS',
  link: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html',
  weight: 0.75,
  supersedes: ['sqs-backlog-consumers'],
  anomalies: [
    { namespace: 'AWS/SQS', metric: /^(ApproximateNumberOfMessagesVisible|NumberOfMessagesSent|NumberOfMessagesReceived)$/, direction: 'ABOVE', resourceName: /(dlq|dead[-_]?letter)/i },
  ],
  description:
    'Read a sample of the dead-lettered messages to find why processing fails, fix the consumer, then redrive the messages to the source queue.',
});
