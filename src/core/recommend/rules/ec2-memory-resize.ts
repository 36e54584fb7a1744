/** Memory use on an instance jumped. */
import { defineRule } from '../define';

export const ec2MemoryResize = defineRule({
  id: 'ec2-memory-resize',
  name: 'Give the instance more memory',
  service: 'EC2',
  link: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-resize.html',
  weight: 0.6,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'CWAgent', metric: /^mem_used_percent$/, direction: 'ABOVE' }],
  description:
    'Check which process grew and whether the workload changed; if the new level is legitimate, change to an instance type with more memory to avoid swapping and the out-of-memory killer.',
});
