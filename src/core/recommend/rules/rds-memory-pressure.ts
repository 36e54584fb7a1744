/** An RDS instance is short of memory. */
import { defineRule } from '../define';

export const rdsMemoryPressure = defineRule({
  id: 'rds-memory-pressure',
  name: 'Right-size the DB instance class',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.html',
  weight: 0.5,
  anomalies: [
    { namespace: 'AWS/RDS', metric: /^FreeableMemory$/, direction: 'BELOW' },
    { namespace: 'AWS/RDS', metric: /^SwapUsage$/, direction: 'ABOVE' },
  ],
  description:
    'Check the buffer and connection memory settings in the parameter group; if the working set no longer fits, move to a memory-optimized instance class.',
});
