/** Forecast: an RDS instance will run out of storage. */
import { defineRule } from '../define';

export const rdsStorageAutoscaling = defineRule({
  id: 'rds-storage-autoscaling',
  name: 'Enable RDS storage autoscaling',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html',
  weight: 0.95,
  insightType: 'PROACTIVE',
  anomalies: [{ namespace: 'AWS/RDS', metric: /^FreeStorageSpace$/, direction: 'BELOW' }],
  description:
    'Enable storage autoscaling with a maximum storage threshold above the forecast need, or increase the allocated storage now; then find what grows (tables, logs, binlog retention).',
});
