import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { OpsightConfig } from '../src/core/config';
import { Annotations, Duration, Names, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export interface OpsightNotificationsProps {
  readonly config: OpsightConfig['notifications'];
}

/**
 * Two KMS-encrypted, TLS-only topics, each e-mailed to `notifications.emails` with a dead-letter
 * queue for deliveries that fail:
 * - the insight topic, its subscriptions filtered by severity and message type (the notifier
 *   sets both as message attributes);
 * - the alarm topic, for Opsight's own CloudWatch alarms, subscribed without a filter: alarm
 *   messages carry no message attributes, so any filter on them would drop every alarm.
 * With `notifications.chat`, a third topic carries chat cards (AWS Chatbot custom
 * notifications); with `chat.slack`, a Slack channel configuration subscribes to it, its
 * guardrail denying every action (the channel receives cards, it runs no commands).
 */
export class OpsightNotifications extends Construct {
  public readonly topic: sns.Topic;
  /** Opsight's own alarms (errors, throttles, dead letters, cycle duration). */
  public readonly alarmTopic: sns.Topic;
  public readonly key: kms.Key;
  /** Dead-letter queue of e-mail deliveries SNS could not make. */
  public readonly deliveryDeadLetters: sqs.Queue;
  /** Chat cards, when `notifications.chat` is set. */
  public readonly chatTopic?: sns.Topic;
  /** The Slack channel configuration, when `notifications.chat.slack` is set. */
  public readonly slackChannel?: chatbot.SlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: OpsightNotificationsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Opsight alert topic encryption' });
    // CloudWatch alarms publish to the topic, so they must be able to use the key.
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Opsight insights', masterKey: this.key, enforceSSL: true });
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Opsight alarms', masterKey: this.key, enforceSSL: true });
    this.deliveryDeadLetters = new sqs.Queue(this, 'DeliveryFailures', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(this.deliveryDeadLetters).acknowledge({ id, reason: 'This queue is the dead-letter queue of the e-mail subscriptions; it has no DLQ of its own.' });
    }
    const filterPolicy = {
      severity: sns.SubscriptionFilter.stringFilter({ allowlist: [...props.config.severities] }),
      messageType: sns.SubscriptionFilter.stringFilter({ allowlist: [...props.config.messageTypes] }),
    };
    for (const email of props.config.emails) {
      this.topic.addSubscription(new subs.EmailSubscription(email, { filterPolicy, deadLetterQueue: this.deliveryDeadLetters }));
      this.alarmTopic.addSubscription(new subs.EmailSubscription(email, { deadLetterQueue: this.deliveryDeadLetters }));
    }
    if (props.config.chat) {
      this.chatTopic = new sns.Topic(this, 'ChatTopic', { displayName: 'Opsight chat cards', masterKey: this.key, enforceSSL: true });
      const slack = props.config.chat.slack;
      if (slack) this.slackChannel = this.slackChannelFor(this.chatTopic, slack);
    }
    if (props.config.emails.length === 0) {
      Annotations.of(this).addWarning('opsight.notifications.emails is empty: Opsight\'s alarms reach nobody until someone subscribes to the alarm topic (output AlarmTopicArn).');
    }
  }

  private slackChannelFor(topic: sns.ITopic, slack: { workspaceId: string; channelId: string }): chatbot.SlackChannelConfiguration {
    const guardrail = new iam.ManagedPolicy(this, 'ChatGuardrail', {
      description: 'Opsight chat channel guardrail: cards only, no commands from the channel',
      statements: [new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] })],
    });
    return new chatbot.SlackChannelConfiguration(this, 'SlackChannel', {
      slackChannelConfigurationName: Names.uniqueResourceName(this, { maxLength: 128 }),
      slackWorkspaceId: slack.workspaceId,
      slackChannelId: slack.channelId,
      notificationTopics: [topic],
      guardrailPolicies: [guardrail],
    });
  }
}
