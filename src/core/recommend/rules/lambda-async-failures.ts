/** Asynchronous invocations are failing to deliver, or events wait long in the internal queue. */
import { defineRule } from '../define';

export const lambdaAsyncFailures = defineRule({
  id: 'lambda-async-failures',
  name: 'Capture failed asynchronous invocations',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html',
  weight: 0.7,
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^(DeadLetterErrors|DestinationDeliveryFailures|AsyncEventAge|AsyncEventsDropped)$/, direction: 'ABOVE' }],
  description:
    'Configure an on-failure destination (or a dead-letter queue) the function role can write to, and check the maximum event age and retry settings so failed events are kept rather than dropped.',
});
