import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Opsight, type OpsightProps } from './opsight';

export interface OpsightStackProps extends StackProps {
  readonly opsight?: OpsightProps;
}

/** The stack `bin/opsight.ts` deploys. */
export class OpsightStack extends Stack {
  public readonly opsight: Opsight;

  constructor(scope: Construct, id: string, props: OpsightStackProps = {}) {
    super(scope, id, props);
    this.opsight = new Opsight(this, 'Opsight', props.opsight);
    new CfnOutput(this, 'ApiUrl', { value: this.opsight.api.api.url, description: 'Opsight REST API (IAM auth); opsight dashboard --api <this URL>' });
    new CfnOutput(this, 'TopicArn', { value: this.opsight.notifications.topic.topicArn, description: 'SNS topic with insight notifications' });
    if (this.opsight.notifications.chatTopic) {
      new CfnOutput(this, 'ChatTopicArn', { value: this.opsight.notifications.chatTopic.topicArn, description: 'SNS topic with chat cards (AWS Chatbot custom notifications)' });
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.opsight.notifications.alarmTopic.topicArn, description: "SNS topic with Opsight's own alarms (e-mailed unfiltered)" });
    new CfnOutput(this, 'NotificationDeadLettersArn', {
      value: this.opsight.pipeline.notifierFailures.deadLetterQueue.queueArn,
      description: 'Notification batches that failed every replay; opsight redrive --queue <this ARN> replays them',
    });
    new CfnOutput(this, 'TableName', { value: this.opsight.storage.table.tableName, description: 'DynamoDB table with insights' });
  }
}
