/** Free storage on an RDS instance dropped suddenly. */
import { defineRule } from '../define';

export const rdsStorageLow = defineRule({
  id: 'rds-storage-low',
  name: 'Free or add database storage',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.html',
  weight: 0.7,
  insightType: 'REACTIVE',
  anomalies: [{ namespace: 'AWS/RDS', metric: /^FreeStorageSpace$/, direction: 'BELOW' }],
  description:
    'Find what consumed the space (a bulk load, temporary tables, transaction logs kept by a stalled replica) and increase the allocated storage before the instance reaches the storage-full state.',
});
