/** A file system on an instance filled suddenly. */
import { defineRule } from '../define';

export const ec2DiskCleanup = defineRule({
  id: 'ec2-disk-cleanup',
  name: 'Free disk space on the instance',
  service: 'EC2',
  link: 'https://docs.aws.amazon.com/ebs/latest/userguide/recognize-expanded-volume-linux.html',
  weight: 0.7,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'CWAgent', metric: /^disk_used_percent$/, direction: 'ABOVE' }],
  description:
    'Find the directories that grew (log files, temporary files, old releases) and clean or rotate them; if the data is legitimate, grow the volume and extend the file system.',
});
