import { Duration, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OpsightQueueProps {
  /** @default Duration.seconds(60) */
  readonly visibilityTimeout?: Duration;
  /** Receives after which a message moves to the dead-letter queue. @default 3 */
  readonly maxReceiveCount?: number;
  /** Customer-managed key; omitted = SQS-managed encryption. */
  readonly encryptionKey?: kms.IKey;
}

/** An SQS queue with its dead-letter queue, both encrypted and TLS-only. */
export class OpsightQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OpsightQueueProps = {}) {
    super(scope, id);
    const encryption = props.encryptionKey ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.encryptionKey } : { encryption: sqs.QueueEncryption.SQS_MANAGED };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetter', { ...encryption, enforceSSL: true, retentionPeriod: Duration.days(14) });
    for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(this.deadLetterQueue).acknowledge({ id, reason: 'This queue is itself a dead-letter queue.' });
    }
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(60),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 3 },
    });
  }
}
