/** Instance CPU rose. */
import { defineRule } from '../define';

export const ec2CpuAutoscaling = defineRule({
  id: 'ec2-cpu-autoscaling',
  name: 'Scale the instances on CPU',
  service: 'EC2',
  link: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html',
  weight: 0.5,
  anomalies: [{ namespace: 'AWS/EC2', metric: /^CPUUtilization$/, direction: 'ABOVE' }],
  description:
    'If the load is legitimate, run the instances in an Auto Scaling group with a target tracking policy on average CPU; otherwise find the process that spins.',
});
