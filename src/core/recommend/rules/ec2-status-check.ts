/** An instance fails its status checks. */
import { defineRule } from '../define';

export const ec2StatusCheck = defineRule({
  id: 'ec2-status-check',
  name: 'Recover the impaired instance',
  service: 'EC2',
  link: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-recover.html',
  weight: 0.85,
  anomalies: [{ namespace: 'AWS/EC2', metric: /^StatusCheckFailed(_System|_Instance|_AttachedEBS)?$/, direction: 'ABOVE' }],
  description:
    'System check failures are fixed by moving the instance to healthy hardware: enable automatic instance recovery (or stop and start it). Instance check failures need the OS console output and logs.',
});
