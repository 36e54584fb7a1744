/** DynamoDB returned more server-side errors. */
import { defineRule } from '../define';

export const dynamodbSystemErrors = defineRule({
  id: 'dynamodb-system-errors',
  name: 'Retry DynamoDB server errors with backoff',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html',
  weight: 0.6,
  anomalies: [{ namespace: 'AWS/DynamoDB', metric: /^SystemErrors$/, direction: 'ABOVE' }],
  description:
    'Make sure every client retries 5xx responses with exponential backoff and jitter (the AWS SDK does by default; check custom retry settings), and check the AWS Health Dashboard for a service event.',
});
