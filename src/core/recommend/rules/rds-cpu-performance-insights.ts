/** An RDS instance is CPU-bound. */
import { defineRule } from '../define';

export const rdsCpuPerformanceInsights = defineRule({
  id: 'rds-cpu-performance-insights',
  name: 'Find the queries behind the database CPU',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.html',
  weight: 0.55,
  anomalies: [{ namespace: 'AWS/RDS', metric: /^CPUUtilization$/, direction: 'ABOVE' }],
  description:
    'Open Performance Insights for the anomaly window to see the top SQL by load; add the missing index or fix the query plan before scaling the instance class.',
});
