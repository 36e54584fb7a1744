import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { OpsightConfig } from '../src/core/config';
import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';

export interface OpsightNotificationsProps {
  readonly config: OpsightConfig['notifications'];
}

/**
 * The alert topic: KMS-encrypted, TLS-only, with e-mail subscriptions filtered by severity and
 * message type (the notifier sets both as message attributes) and a dead-letter queue for
 * deliveries that fail.
 */
export class OpsightNotifications extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** Dead-letter queue of e-mail deliveries SNS could not make. */
  public readonly deliveryDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: OpsightNotificationsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', { enableKeyRotation: true, description: 'Opsight alert topic encryption' });
    // CloudWatch alarms publish to the topic, so they must be able to use the key.
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Opsight insights', masterKey: this.key, enforceSSL: true });
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
    }
  }
}
