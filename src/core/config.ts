/**
 * Opsight's configuration, parsed once with zod. The CDK app reads it from cdk.json context
 * (key `opsight`) or construct props; the Lambdas receive it as JSON in the OPSIGHT_CONFIG
 * environment variable; the API reads and updates the coverage part.
 */
import { z } from 'zod';
import { ValidationError, describeIssues } from './errors';
import { MessageTypeSchema, SeveritySchema } from './model';
import { DEFAULT_LOGS_CONFIG, LogsConfigSchema } from './logs/config';
import { OrganizationSchema } from './accounts/config';
import { CoverageSchema } from './coverage';

export { CoverageSchema, MAX_COVERAGE_ENTRIES, type Coverage } from './coverage';

/** How often each tier of metrics is analysed. */
export const CadenceSchema = z
  .object({
    /** Golden signals (errors, latency, throttles, 5XX), minutes between cycles. */
    goldenSignalsMinutes: z.number().int().min(1).max(60).default(5),
    /** Slow-moving capacity metrics (disk, memory, storage, provisioned capacity), minutes. */
    capacityMinutes: z.number().int().min(5).max(1440).default(60),
    /**
     * Quiet golden signals, minutes: a golden-signal series with no open anomaly and nothing
     * but zeros (or no data) for the last hour is read this often; its first nonzero point
     * makes it busy again. Equal to goldenSignalsMinutes turns the adaptive cadence off.
     */
    quietGoldenMinutes: z.number().int().min(1).max(60).default(15),
  })
  .strict();

/** A Slack channel that receives the chat cards, through AWS Chatbot (Amazon Q Developer in chat applications). */
export const SlackChannelSchema = z
  .object({
    /** Slack workspace (team) id, as the chat service shows it after the workspace is authorised once in its console. */
    workspaceId: z.string().regex(/^[0-9A-Z]{1,255}$/, 'must be a Slack workspace id such as T0123ABCD (capital letters and digits)'),
    /** Slack channel id (channel details → bottom of the About tab). */
    channelId: z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'must be a Slack channel id such as C0123ABCD (letters and digits)'),
  })
  .strict();

/** Chat cards on their own topic; with `slack`, the stack also creates the channel configuration. */
export const ChatSchema = z.object({ slack: SlackChannelSchema.optional() }).strict();

export const NotificationsSchema = z
  .object({
    /** E-mail addresses subscribed to the alert topic. */
    emails: z.array(z.string().email()).default([]),
    /** Where the dashboard is served, for links in messages (else links go to the REST API). */
    dashboardUrl: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
    /** Chat cards (AWS Chatbot custom notifications) on a chat topic; absent = no chat topic. */
    chat: ChatSchema.optional(),
    /** Severities that are sent. */
    severities: z.array(SeveritySchema).min(1).default(['MEDIUM', 'HIGH']),
    /** Message types that are sent. */
    messageTypes: z.array(MessageTypeSchema).min(1).default(['NEW_INSIGHT', 'SEVERITY_UPGRADED', 'CLOSED_INSIGHT', 'NEW_RECOMMENDATION']),
  })
  .strict();

export const OpsCenterSchema = z
  .object({
    /** Create an OpsCenter OpsItem per insight. */
    enabled: z.boolean().default(false),
    /** Lowest severity that creates an OpsItem. */
    minSeverity: SeveritySchema.default('HIGH'),
  })
  .strict();

/**
 * How the pipeline runs in AWS. `single`: one scheduled function plans, analyzes and
 * correlates each cycle (no queues: the cheapest for small and medium coverages).
 * `distributed`: a planner fans shards out through SQS to analyzer functions, and the last
 * shard triggers the correlator (for coverages too large for one invocation; SQS pollers add
 * a fixed cost, see docs/cost.md).
 */
export const PipelineSchema = z
  .object({
    mode: z.enum(['single', 'distributed']).default('single'),
  })
  .strict();

/**
 * Opsight's own monitoring, beyond what it always has (an alarm on each function's errors,
 * each dead-letter queue, dropped change events and the cycle duration). Both extras cost
 * money for little (docs/cost.md): the dashboard $3 a month, each throttle alarm $0.10 a
 * month, and a throttled invocation already ends in an alarmed failure queue.
 */
export const MonitoringSchema = z
  .object({
    /** A CloudWatch dashboard of the pipeline's errors, dead letters and cycle duration. */
    dashboard: z.boolean().default(false),
    /** One alarm per function on its Throttles metric. */
    throttleAlarms: z.boolean().default(false),
  })
  .strict();

/** Detection sensitivity: higher = more anomalies. 1 is the tested default. */
const Sensitivity = z.number().min(0.25).max(4);

export const OpsightConfigSchema = z
  .object({
    coverage: CoverageSchema.default({ mode: 'account' }),
    cadence: CadenceSchema.default({ goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 15 }),
    notifications: NotificationsSchema.default({
      emails: [],
      severities: ['MEDIUM', 'HIGH'],
      messageTypes: ['NEW_INSIGHT', 'SEVERITY_UPGRADED', 'CLOSED_INSIGHT', 'NEW_RECOMMENDATION'],
    }),
    opsCenter: OpsCenterSchema.default({ enabled: false, minSeverity: 'HIGH' }),
    pipeline: PipelineSchema.default({ mode: 'single' }),
    monitoring: MonitoringSchema.default({ dashboard: false, throttleAlarms: false }),
    /** Member accounts analysed from this central account (docs/multi-account.md); absent = this account only. */
    organization: OrganizationSchema.optional(),
    /** Log evidence around open reactive insights (docs/logs.md). */
    logs: LogsConfigSchema.default(DEFAULT_LOGS_CONFIG),
    /** Days closed insights, anomalies and events are kept. */
    retentionDays: z.number().int().min(1).max(3650).default(90),
    /**
     * Hours after which a shift that has not gone away closes its anomaly as the metric's new
     * normal (the reason is shown); until then an anomaly stays open while the values stay outside
     * the baseline frozen at its onset.
     */
    newNormalAfterHours: z.number().min(1).max(168).default(12),
    sensitivity: z
      .object({
        default: Sensitivity.default(1),
        /** Per CloudFormation stack name. */
        stacks: z.record(z.string(), Sensitivity).default({}),
        /** Per CloudWatch namespace, e.g. "AWS/Lambda". */
        namespaces: z.record(z.string(), Sensitivity).default({}),
      })
      .strict()
      .default({ default: 1, stacks: {}, namespaces: {} }),
  })
  .strict();
export type OpsightConfig = z.infer<typeof OpsightConfigSchema>;

/**
 * Parses configuration; the error names every bad key with its full path under `prefix`
 * (e.g. `opsight.coverage.stacks.0: must be a CloudFormation stack name`).
 */
export function parseConfig(raw: unknown, prefix = 'opsight'): OpsightConfig {
  const r = OpsightConfigSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [prefix, ...i.path, k], message: 'unknown key' }))
      : [{ path: [prefix, ...i.path], message: i.message }],
  );
  const first = issues[0];
  throw new ValidationError(`Invalid configuration: ${describeIssues(issues)}`, first ? first.path.map(String).join('.') : prefix);
}
