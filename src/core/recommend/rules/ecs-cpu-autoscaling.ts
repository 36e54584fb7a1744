/** An ECS service runs hot on CPU. */
import { defineRule } from '../define';

export const ecsCpuAutoscaling = defineRule({
  id: 'ecs-cpu-autoscaling',
  name: 'Scale the ECS service on load',
  service: 'ECS',
  link: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html',
  weight: 0.55,
  anomalies: [{ namespace: 'AWS/ECS', metric: /^CPUUtilization$/, direction: 'ABOVE' }],
  description:
    'Add a target tracking scaling policy on the service average CPU (or on ALB requests per target) so the desired task count follows the load.',
});
