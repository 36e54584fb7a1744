/** Errors rose right after a permission or security-group change touching the failing resource. */
import { defineRule } from '../define';

export const iamSecurityChange = defineRule({
  id: 'iam-security-change',
  name: 'Review the permission change',
  service: 'IAM',
  link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html',
  weight: 0.9,
  supersedes: ['lambda-errors-investigate', 'apigw-5xx-integration', 'apigw-4xx-throttling', 'elb-5xx-troubleshoot'],
  anomalies: [{ metric: /(Error|Fault|5XX|4XX|Failed)/i, direction: 'ABOVE' }],
  events: { classes: ['SECURITY_CHANGE'], sameResource: false },
  description:
    'Check the role policies, resource policies and security groups the change touched; look for AccessDenied errors in the logs, and restore the previous policy version if the change removed a needed permission.',
});
