/** Kinesis consumers fall behind the stream. */
import { defineRule } from '../define';

export const kinesisIteratorAge = defineRule({
  id: 'kinesis-iterator-age',
  name: 'Help the stream consumers catch up',
  service: 'Kinesis',
  link: 'https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html',
  weight: 0.65,
  anomalies: [{ namespace: 'AWS/Kinesis', metric: /^GetRecords\.IteratorAgeMilliseconds$/, direction: 'ABOVE' }],
  description:
    'Find the slow consumer (each application has its own iterator), add processing capacity or enhanced fan-out, and make sure records older than the retention period are not about to be lost.',
});
