/** Targets behind a load balancer fail their health checks. */
import { defineRule } from '../define';

export const elbUnhealthyTargets = defineRule({
  id: 'elb-unhealthy-targets',
  name: 'Fix the failing target health checks',
  service: 'ELB',
  link: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  weight: 0.75,
  anomalies: [
    { namespace: 'AWS/ApplicationELB', metric: /^UnHealthyHostCount$/, direction: 'ABOVE' },
    { namespace: 'AWS/ApplicationELB', metric: /^HealthyHostCount$/, direction: 'BELOW' },
  ],
  description:
    'Look at the target health reasons in the target group; check the health check path, port, timeout and the security group between the load balancer and the targets.',
});
