/** Targets behind a load balancer answer slowly. */
import { defineRule } from '../define';

export const elbLatencyTargets = defineRule({
  id: 'elb-latency-targets',
  name: 'Find the slow targets',
  service: 'ELB',
  link: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
  weight: 0.45,
  anomalies: [{ namespace: 'AWS/ApplicationELB', metric: /^TargetResponseTime$/, direction: 'ABOVE' }],
  description:
    'Compare TargetResponseTime per target group and per Availability Zone to see whether one target or a dependency is slow; scale the targets if RequestCountPerTarget grew.',
});
