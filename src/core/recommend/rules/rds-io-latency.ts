/** Database reads or writes got slower, or I/O queues built up. */
import { defineRule } from '../define';

export const rdsIoLatency = defineRule({
  id: 'rds-io-latency',
  name: 'Give the database more I/O capacity',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/RDS', metric: /^(ReadLatency|WriteLatency|DiskQueueDepth)$/, direction: 'ABOVE' }],
  description:
    'Compare ReadIOPS and WriteIOPS with the volume limits; move to gp3 with more provisioned IOPS and throughput (or io2) when the workload is I/O-bound, after checking for queries that scan.',
});
