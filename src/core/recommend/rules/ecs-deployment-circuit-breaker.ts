/** An ECS service misbehaves right after a deployment. */
import { defineRule } from '../define';

export const ecsDeploymentCircuitBreaker = defineRule({
  id: 'ecs-deployment-circuit-breaker',
  name: 'Roll back the service deployment',
  service: 'ECS',
  link: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html',
  weight: 0.95,
  supersedes: ['ecs-cpu-autoscaling', 'ecs-memory-task-size', 'elb-5xx-troubleshoot', 'elb-unhealthy-targets'],
  anomalies: [
    { namespace: 'AWS/ECS', metric: /./ },
    { namespace: 'AWS/ApplicationELB', metric: /^(HTTPCode_Target_5XX_Count|UnHealthyHostCount|TargetResponseTime)$/, direction: 'ABOVE' },
  ],
  events: { classes: ['DEPLOYMENT'], sources: ['ecs.amazonaws.com', 'codedeploy.amazonaws.com'], sameResource: false },
  description:
    'Update the service back to the previous task definition revision, and enable the deployment circuit breaker with rollback so a deployment whose tasks fail to stay healthy rolls back on its own.',
});
