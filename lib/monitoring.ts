import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OpsightMonitoringProps {
  /** Functions whose errors and throttles are alarmed. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /** Dead-letter queues whose depth is alarmed (any message is a problem). */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** The function whose duration is the cycle duration. */
  readonly cycleFunction: lambda.IFunction;
  /** The cycle function's timeout: the duration alarm fires at 80 % of it. */
  readonly cycleTimeout: Duration;
  /** Where alarms go. */
  readonly alarmTopic: sns.ITopic;
  /** Opsight's own metrics alarmed when any datapoint is ≥ 1 (name → metric and description). */
  readonly countAlarms?: Readonly<Record<string, { readonly metric: cloudwatch.IMetric; readonly description: string }>>;
  /** Deploy the dashboard ($3 a month). @default false */
  readonly dashboard?: boolean;
  /** Alarm each function's throttles too ($0.10 a month each). @default false */
  readonly throttleAlarms?: boolean;
}

/**
 * Self-monitoring: Opsight watches its own pipeline with plain CloudWatch alarms (errors,
 * DLQ depth, cycle duration; throttles and a dashboard on request), so a broken pipeline never
 * fails silently. A throttled scheduled or asynchronous invocation is retried and then lands in
 * the alarmed failure queue; a throttled SQS-driven one stays on its queue.
 */
export class OpsightMonitoring extends Construct {
  public readonly dashboard?: cloudwatch.Dashboard;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OpsightMonitoringProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.alarmTopic);
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };
    const errorWidgets: cloudwatch.IWidget[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' });
      alarm(`${name}Errors`, errors, 1, `Opsight ${name} function failed`);
      if (props.throttleAlarms) alarm(`${name}Throttles`, throttles, 1, `Opsight ${name} function was throttled`);
      errorWidgets.push(new cloudwatch.GraphWidget({ title: `${name}: errors and throttles`, left: [errors, throttles], width: 8 }));
    }
    const dlqWidgets: cloudwatch.IWidget[] = [];
    for (const [name, q] of Object.entries(props.deadLetterQueues)) {
      const depth = q.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' });
      alarm(`${name}DeadLetters`, depth, 1, `Messages in the Opsight ${name} dead-letter queue`);
      dlqWidgets.push(new cloudwatch.GraphWidget({ title: `${name}: dead letters`, left: [depth], width: 8 }));
    }
    for (const [name, { metric, description }] of Object.entries(props.countAlarms ?? {})) alarm(name, metric, 1, description);
    const duration = props.cycleFunction.metricDuration({ period: Duration.minutes(5), statistic: 'Maximum' });
    alarm('CycleDuration', duration, props.cycleTimeout.toMilliseconds() * 0.8, 'An Opsight cycle took over 80 % of its timeout');
    if (!props.dashboard) return;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      widgets: [
        [new cloudwatch.GraphWidget({ title: 'Cycle duration (max)', left: [duration], width: 12 }), new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 })],
        errorWidgets,
        dlqWidgets,
      ],
    });
  }
}
