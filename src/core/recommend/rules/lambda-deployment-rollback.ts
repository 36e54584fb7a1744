/** A Lambda function's errors or duration rose right after its code was deployed: roll back, then ship gradually. */
import { defineRule } from '../define';

export const lambdaDeploymentRollback = defineRule({
  id: 'lambda-deployment-rollback',
  name: 'Roll back the function deployment',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-rolling-deployments.html',
  weight: 0.95,
  supersedes: ['lambda-errors-investigate', 'lambda-duration-memory', 'lambda-timeout-review'],
  anomalies: [
    { namespace: 'AWS/Lambda', metric: /^(Errors|Duration)$/, direction: 'ABOVE' },
  ],
  events: { classes: ['DEPLOYMENT'] },
  description:
    'Shift the function alias back to the previous version, then redeploy through CodeDeploy with a canary or linear traffic-shifting configuration and a CloudWatch alarm on Errors so a bad version rolls back automatically.',
});
