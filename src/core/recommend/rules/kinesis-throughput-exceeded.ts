/** Producers or consumers exceed the shard throughput. */
import { defineRule } from '../define';

export const kinesisThroughputExceeded = defineRule({
  id: 'kinesis-throughput-exceeded',
  name: 'Add shards to the stream',
  service: 'Kinesis',
  link: 'https://docs.aws.amazon.com/streams/latest/dev/kinesis-using-sdk-java-resharding.html',
  weight: 0.75,
  anomalies: [
    { namespace: 'AWS/Kinesis', metric: /^(WriteProvisionedThroughputExceeded|ReadProvisionedThroughputExceeded|PutRecords\.ThrottledRecords)$/, direction: 'ABOVE' },
  ],
  description:
    'Split the hot shards (or update the shard count, or switch the stream to on-demand mode), and check that partition keys spread records evenly across shards.',
});
