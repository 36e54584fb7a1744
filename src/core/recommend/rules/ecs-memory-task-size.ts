/** An ECS service is short of memory. */
import { defineRule } from '../define';

export const ecsMemoryTaskSize = defineRule({
  id: 'ecs-memory-task-size',
  name: 'Resize the task memory',
  service: 'ECS',
  link: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
  weight: 0.55,
  anomalies: [{ namespace: 'AWS/ECS', metric: /^MemoryUtilization$/, direction: 'ABOVE' }],
  description:
    'Check stopped tasks for OutOfMemory exits; raise the task and container memory in a new task definition revision, or fix the leak if memory climbs steadily per task.',
});
