/** A table changed (new index, capacity or stream change) just before its metrics moved. */
import { defineRule } from '../define';

export const dynamodbSchemaChange = defineRule({
  id: 'dynamodb-schema-change',
  name: 'Review the table change',
  service: 'DynamoDB',
  link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html',
  weight: 0.9,
  supersedes: ['dynamodb-latency-partition'],
  anomalies: [{ namespace: 'AWS/DynamoDB', metric: /./ }],
  events: { classes: ['SCHEMA_CHANGE', 'CONFIG_CHANGE'], sources: ['dynamodb.amazonaws.com'] },
  description:
    'Check what the UpdateTable call changed: a new global secondary index backfills by consuming write capacity, and a lowered provisioned capacity throttles at the next peak. Give the index its own capacity or revert the change.',
});
