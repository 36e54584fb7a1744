/** Forecast: memory use on an instance climbs steadily towards 100 % (CloudWatch agent mem_used_percent). */
import { defineRule } from '../define';

export const ec2MemoryLeak = defineRule({
  id: 'ec2-memory-leak',
  name: 'Investigate the memory growth before the instance runs out',
  service: 'EC2',
  link: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/metrics-collected-by-CloudWatch-agent.html',
  weight: 0.9,
  insightType: 'PROACTIVE',
  anomalies: [{ namespace: 'CWAgent', metric: /^mem_used_percent$/, direction: 'ABOVE' }],
  description:
    'A steady climb that does not follow traffic is usually a leak: collect per-process memory (procstat in the CloudWatch agent) to find the process, take a heap profile, and schedule a restart before the forecast date as a stopgap.',
});
