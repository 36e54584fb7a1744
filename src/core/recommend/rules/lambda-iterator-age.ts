/** A stream-consuming function is falling behind. */
import { defineRule } from '../define';

export const lambdaIteratorAge = defineRule({
  id: 'lambda-iterator-age',
  name: 'Speed up the stream consumer',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html',
  weight: 0.75,
  anomalies: [{ namespace: 'AWS/Lambda', metric: /^IteratorAge$/, direction: 'ABOVE' }],
  description:
    'Raise the event source mapping batch size or parallelization factor, bisect failing batches and send them to an on-failure destination so one poison record cannot block a shard.',
});
