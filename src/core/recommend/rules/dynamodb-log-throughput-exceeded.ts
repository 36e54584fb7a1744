/** The logs show DynamoDB rejecting requests for exceeding provisioned throughput. */
import { defineLogRule } from '../log-rule';

export const dynamodbLogThroughputExceeded = defineLogRule({
  id: 'dynamodb-log-throughput-exceeded',
  name: 'Relieve the throttled DynamoDB table',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html',
  weight: 0.85,
  pattern: /ProvisionedThroughputExceeded|ThrottlingException|RequestLimitExceeded/,
  description:
    'Requests exceed the table’s throughput. Raise its provisioned capacity (or switch to on-demand), enable auto scaling, and make sure callers retry with exponential backoff; spread hot partition keys if one key takes most writes.',
});
