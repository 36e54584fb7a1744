import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { parseConfig, type OpsightConfig } from '../src/core/config';
import { OpsightApi } from './api';
import { OpsightMonitoring } from './monitoring';
import { OpsightNotifications } from './notifications';
import { OpsightPipeline } from './pipeline';
import { OpsightStorage } from './storage';

export interface OpsightProps {
  /**
   * Opsight configuration (coverage, cadence, notifications, OpsCenter, retention,
   * sensitivity), validated at synth; see src/core/config.ts.
   * @default account coverage, 5-minute cadence, no e-mails, OpsCenter off, 90-day retention
   */
  readonly config?: unknown;
  /**
   * Removal policy of the insights table.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Opsight in one construct: place it in your own CDK app. */
export class Opsight extends Construct {
  public readonly config: OpsightConfig;
  public readonly storage: OpsightStorage;
  public readonly notifications: OpsightNotifications;
  public readonly pipeline: OpsightPipeline;
  public readonly api: OpsightApi;
  public readonly monitoring: OpsightMonitoring;

  constructor(scope: Construct, id: string, props: OpsightProps = {}) {
    super(scope, id);
    this.config = parseConfig(props.config);
    this.storage = new OpsightStorage(this, 'Storage', { removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN });
    this.notifications = new OpsightNotifications(this, 'Notifications', { config: this.config.notifications });
    this.pipeline = new OpsightPipeline(this, 'Pipeline', {
      storage: this.storage,
      config: this.config,
      topic: this.notifications.topic,
      ...(this.notifications.chatTopic ? { chatTopic: this.notifications.chatTopic } : {}),
    });
    this.api = new OpsightApi(this, 'Api', {
      storage: this.storage,
      failureQueue: this.pipeline.failures.queue,
      environment: { OPSIGHT_CONFIG: JSON.stringify(this.config) },
      ...(this.config.organization ? { organization: this.config.organization } : {}),
    });
    // Absolute links in every message: the API's URL (the dashboard's comes with the config).
    this.pipeline.notifier.function.addEnvironment('API_URL', this.api.api.url);
    this.monitoring = new OpsightMonitoring(this, 'Monitoring', {
      functions: { ...this.pipeline.functions, Api: this.api.handler.function },
      deadLetterQueues: {
        Failures: this.pipeline.failures.queue,
        FailuresDeadLetters: this.pipeline.failures.deadLetterQueue,
        NotifierReplays: this.pipeline.notifierFailures.queue,
        NotifierDeadLetters: this.pipeline.notifierFailures.deadLetterQueue,
        EmailDeliveries: this.notifications.deliveryDeadLetters,
        ...(this.pipeline.workQueue ? { WorkDeadLetters: this.pipeline.workQueue.deadLetterQueue } : {}),
        ...(this.pipeline.correlateQueue ? { CorrelateDeadLetters: this.pipeline.correlateQueue.deadLetterQueue } : {}),
      },
      cycleFunction: this.pipeline.scheduled.function,
      cycleTimeout: this.pipeline.cycleTimeout,
      alarmTopic: this.notifications.alarmTopic,
      dashboard: this.config.monitoring.dashboard,
      throttleAlarms: this.config.monitoring.throttleAlarms,
      countAlarms: {
        // Published by the scheduled function (EMF, namespace Opsight, dimension service).
        EventWindowsDropped: {
          metric: new cloudwatch.Metric({
            namespace: 'Opsight',
            metricName: 'EventWindowsDropped',
            dimensionsMap: { service: this.config.pipeline.mode === 'distributed' ? 'opsight-planner' : 'opsight-cycle' },
            statistic: 'Sum',
            period: Duration.minutes(5),
          }),
          description: 'Opsight gave up change-event windows (older than CloudTrail keeps, or beyond the backlog): some change events are missing',
        },
        // Organisation mode: any member account or unit that could not be read (one line per failure in the logs).
        ...(this.config.organization ? memberFailureAlarms() : {}),
        // The chat service's subscription is made outside the stack, so it has no dead-letter queue to watch.
        ...(this.notifications.chatTopic
          ? {
              ChatDeliveriesFailed: {
                metric: this.notifications.chatTopic.metricNumberOfNotificationsFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
                description: 'SNS could not deliver Opsight chat cards to a subscriber (the chat channel configuration or its endpoint)',
              },
            }
          : {}),
      },
    });
  }
}

/**
 * Alarms on the member-account failures the collecting functions count (EMF, namespace Opsight,
 * by account and region): a Metrics Insights query sums every account, region and function, so
 * an account added later is watched without a change to the stack.
 */
function memberFailureAlarms(): Record<string, { readonly metric: cloudwatch.IMetric; readonly description: string }> {
  const sumOf = (metricName: string) => new cloudwatch.MathExpression({ expression: `SELECT SUM(${metricName}) FROM Opsight`, period: Duration.minutes(5), usingMetrics: {} });
  return {
    AccountCollectionFailures: {
      metric: sumOf('AccountCollectionFailures'),
      description: 'Opsight could not read a member account or region (GET /health lists which, with the error)',
    },
    OrganizationalUnitListingFailures: {
      metric: sumOf('OrganizationalUnitListingFailures'),
      description: 'Opsight could not list the accounts of an organisational unit (it keeps the accounts it listed last)',
    },
  };
}
