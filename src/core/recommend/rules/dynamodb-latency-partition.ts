/** DynamoDB requests got slower: often a hot partition or large items. */
import { defineRule } from '../define';

export const dynamodbLatencyPartition = defineRule({
  id: 'dynamodb-latency-partition',
  name: 'Spread the load across partition keys',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/DynamoDB', metric: /^SuccessfulRequestLatency$/, direction: 'ABOVE' }],
  description:
    'Use CloudWatch Contributor Insights for DynamoDB to find the most accessed keys; spread hot keys with a high-cardinality partition key or write sharding, and keep items small.',
});
