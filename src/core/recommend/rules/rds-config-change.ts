/** A database metric moved right after the instance or its parameters were modified. */
import { defineRule } from '../define';

export const rdsConfigChange = defineRule({
  id: 'rds-config-change',
  name: 'Review the database modification',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.html',
  weight: 0.9,
  supersedes: ['rds-cpu-performance-insights', 'rds-io-latency', 'rds-memory-pressure', 'rds-storage-low'],
  anomalies: [{ namespace: 'AWS/RDS', metric: /./ }],
  events: { classes: ['CONFIG_CHANGE', 'INFRASTRUCTURE'], sources: ['rds.amazonaws.com'] },
  description:
    'Check what the modification changed (instance class, storage, parameter group, maintenance) and revert it or apply it in the maintenance window if it caused the regression.',
});
