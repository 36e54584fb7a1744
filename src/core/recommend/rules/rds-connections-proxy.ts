/** Database connections surged: typical of many Lambda instances opening their own connections. */
import { defineRule } from '../define';

export const rdsConnectionsProxy = defineRule({
  id: 'rds-connections-proxy',
  name: 'Pool connections with RDS Proxy',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html',
  weight: 0.65,
  anomalies: [{ namespace: 'AWS/RDS', metric: /^DatabaseConnections$/, direction: 'ABOVE' }],
  description:
    'Put RDS Proxy between the application and the database so bursts of clients (Lambda functions especially) share a bounded pool of connections, and check for connection leaks.',
});
