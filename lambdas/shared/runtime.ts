/**
 * What every Opsight function is built from: its environment (parsed once, errors naming the
 * variable) and its SDK clients (injected, so tests pass mocked ones). Wiring only.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { ValidationError, correlatorForOrganization, parseConfig, type CycleOptions, type OpsightConfig } from '../../src/core';
import { DynamoStore } from '../../src/aws/store';
import { SDK_RETRY, type Timer } from '../../src/aws/throttle';
import type { Observability } from './observability';

export interface LambdaEnv {
  /** TABLE_NAME: the single table. */
  readonly tableName: string;
  /** WORK_QUEUE_URL: work items (planner → analyzers). */
  readonly workQueueUrl?: string;
  /** CORRELATE_QUEUE_URL: correlate requests (planner, analyzers → correlator). */
  readonly correlateQueueUrl?: string;
  /** TOPIC_ARN: the SNS alert topic (notifier); absent = no SNS. */
  readonly topicArn?: string;
  /** EVENT_BUS_NAME: the EventBridge bus for insight events (notifier); absent = no events. */
  readonly eventBusName?: string;
  /** ACCOUNT_ID: for the ACCOUNT collection and the messages; falls back to the function ARN. */
  readonly accountId?: string;
  /** AWS_REGION (set by Lambda). */
  readonly region: string;
  /** CHAT_TOPIC_ARN: the chat topic (notifier); absent = no chat cards. */
  readonly chatTopicArn?: string;
  /** API_URL: the REST API's URL, for absolute links in messages (INSIGHT_URL_BASE is read as before). */
  readonly apiUrl?: string;
  /** OPSIGHT_CONFIG: the parsed configuration (JSON, validated with zod). */
  readonly config: OpsightConfig;
  /** GET_METRIC_DATA_TPS: this function's share of the account's GetMetricData quota (set by the stack). */
  readonly getMetricDataTps?: number;
  /** STATE_WRITES_PER_SECOND: this function's share of the table's state-write budget (set by the stack). */
  readonly stateWritesPerSecond?: number;
}

function parseJson(name: string, text: string | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValidationError(`Environment variable ${name} is not valid JSON`, name, { cause });
  }
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): LambdaEnv {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new ValidationError('Environment variable TABLE_NAME is required', 'TABLE_NAME');
  return {
    tableName,
    workQueueUrl: env.WORK_QUEUE_URL || undefined,
    correlateQueueUrl: env.CORRELATE_QUEUE_URL || undefined,
    topicArn: env.TOPIC_ARN || undefined,
    eventBusName: env.EVENT_BUS_NAME || undefined,
    accountId: env.ACCOUNT_ID || undefined,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    chatTopicArn: env.CHAT_TOPIC_ARN || undefined,
    apiUrl: env.API_URL || env.INSIGHT_URL_BASE || undefined,
    config: parseConfig(parseJson('OPSIGHT_CONFIG', env.OPSIGHT_CONFIG)),
    ...(env.GET_METRIC_DATA_TPS ? { getMetricDataTps: parseRate('GET_METRIC_DATA_TPS', env.GET_METRIC_DATA_TPS) } : {}),
    ...(env.STATE_WRITES_PER_SECOND ? { stateWritesPerSecond: parseRate('STATE_WRITES_PER_SECOND', env.STATE_WRITES_PER_SECOND) } : {}),
  };
}

function parseRate(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(`Environment variable ${name} must be a positive number, got "${text}"`, name);
  return value;
}

export function requireEnv<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ValidationError(`Environment variable ${name} is required by this function`, name);
  return value;
}

/** SDK clients, created on first use. */
export interface Clients {
  readonly dynamodb: DynamoDBClient;
  /** The table's stream, read again when a failed stream batch is replayed (notifier). */
  readonly dynamodbStreams: DynamoDBStreamsClient;
  readonly cloudwatch: CloudWatchClient;
  readonly cloudtrail: CloudTrailClient;
  readonly logs: CloudWatchLogsClient;
  readonly codedeploy: CodeDeployClient;
  readonly cloudformation: CloudFormationClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly ssm: SSMClient;
  readonly eventbridge: EventBridgeClient;
  /** AssumeRole into member accounts (organisation configs only). */
  readonly sts: STSClient;
  /** Listing organisational units (organisation configs naming units only). */
  readonly organizations: OrganizationsClient;
}

/** Lazily created clients with the SDK's standard retry strategy (`SDK_RETRY`), each traced by X-Ray. */
export function lazyClients(obs: Observability, overrides: Partial<Clients> = {}): Clients {
  const common = { ...SDK_RETRY };
  const cache = new Map<keyof Clients, unknown>(Object.entries(overrides) as Array<[keyof Clients, unknown]>);
  const get = <K extends keyof Clients>(key: K, make: () => Clients[K]): Clients[K] => {
    let c = cache.get(key) as Clients[K] | undefined;
    if (!c) {
      c = obs.tracer.captureAWSv3Client(make());
      cache.set(key, c);
    }
    return c;
  };
  return {
    get dynamodb() {
      return get('dynamodb', () => new DynamoDBClient(common));
    },
    get dynamodbStreams() {
      return get('dynamodbStreams', () => new DynamoDBStreamsClient(common));
    },
    get cloudwatch() {
      return get('cloudwatch', () => new CloudWatchClient(common));
    },
    get cloudtrail() {
      return get('cloudtrail', () => new CloudTrailClient(common));
    },
    get logs() {
      return get('logs', () => new CloudWatchLogsClient(common));
    },
    get codedeploy() {
      return get('codedeploy', () => new CodeDeployClient(common));
    },
    get cloudformation() {
      return get('cloudformation', () => new CloudFormationClient(common));
    },
    get tagging() {
      return get('tagging', () => new ResourceGroupsTaggingAPIClient(common));
    },
    get sqs() {
      return get('sqs', () => new SQSClient(common));
    },
    get sns() {
      return get('sns', () => new SNSClient(common));
    },
    get ssm() {
      return get('ssm', () => new SSMClient(common));
    },
    get eventbridge() {
      return get('eventbridge', () => new EventBridgeClient(common));
    },
    get sts() {
      return get('sts', () => new STSClient(common));
    },
    get organizations() {
      return get('organizations', () => new OrganizationsClient({ ...common, region: organizationsRegion(process.env.AWS_REGION ?? '') }));
    },
  };
}

/** Organizations answers in one region per partition. */
function organizationsRegion(region: string): string {
  if (region.startsWith('cn-')) return 'cn-northwest-1';
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/** Everything a handler is built from. */
export interface Runtime {
  readonly env: LambdaEnv;
  readonly clients: Clients;
  readonly obs: Observability;
  /** Epoch ms. */
  readonly clock: () => number;
  /** Pipeline options the tests tune (the deployed functions use the defaults). */
  readonly cycleOptions?: CycleOptions;
  /** Clock and sleep of the collectors' rate limiters (tests pass a virtual one). @default real time */
  readonly timer?: Timer;
}

export function storeFor(rt: Runtime): DynamoStore {
  return new DynamoStore({
    client: rt.clients.dynamodb,
    tableName: rt.env.tableName,
    retentionDays: rt.env.config.retentionDays,
    ...(rt.env.stateWritesPerSecond ? { stateWritesPerSecond: rt.env.stateWritesPerSecond, ...(rt.timer ? { timer: rt.timer } : {}) } : {}),
  });
}

/** The account id from the environment, else from the invoked function's ARN. */
export function accountIdOf(rt: Runtime, invokedFunctionArn?: string): string {
  return rt.env.accountId ?? invokedFunctionArn?.split(':')[4] ?? 'account';
}

/**
 * The cycle options every function shares: the central account and, in an organisation, the
 * correlator with its account dependencies (accounts stay apart in insights unless one names them).
 */
export function sharedCycleOptions(rt: Runtime, accountId: string): CycleOptions {
  const correlator = correlatorForOrganization(rt.env.config.organization, accountId);
  return { accountId, ...(correlator ? { correlator } : {}), ...rt.cycleOptions };
}
