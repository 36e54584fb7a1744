/** Forecast: a file system on an instance will fill up (CloudWatch agent disk_used_percent). */
import { defineRule } from '../define';

export const ec2DiskExtend = defineRule({
  id: 'ec2-disk-extend',
  name: 'Increase the EBS volume size',
  service: 'EC2',
  link: 'https://docs.aws.amazon.com/ebs/latest/userguide/requesting-ebs-volume-modifications.html',
  weight: 0.95,
  insightType: 'PROACTIVE',
  anomalies: [{ namespace: 'CWAgent', metric: /^disk_used_percent$/, direction: 'ABOVE' }],
  description:
    'Modify the EBS volume to a larger size (Elastic Volumes, no downtime) and extend the partition and file system, before the forecast date; then find what grows (logs without rotation, caches, core dumps).',
});
