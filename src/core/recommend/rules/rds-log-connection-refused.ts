/** The logs show database connections refused or exhausted. */
import { defineLogRule } from '../log-rule';

export const rdsLogConnectionRefused = defineLogRule({
  id: 'rds-log-connection-refused',
  name: 'Check the database endpoint and connection pool',
  service: 'RDS',
  link: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Troubleshooting.html',
  weight: 0.85,
  pattern: /ECONNREFUSED|Connection refused|acquiring a connection|too many connections|remaining connection slots|password authentication failed/i,
  description:
    'Connections to the database fail. Check that the endpoint, port and secret the application uses are current, that the security group allows it, and whether the pool is exhausted (long queries, missing releases); RDS Proxy pools connections for many short-lived callers.',
});
