/**
 * `opsight redrive --region R [--profile P] --queue <dead-letter queue ARN>`: moves every
 * message of a dead-letter queue back to the queue it came from (SQS StartMessageMoveTask) and
 * waits until SQS reports the move finished. For the notifier's dead-letter queue (stack output
 * `NotificationDeadLettersArn`) this replays notification batches that failed every retry: the
 * notifier consumes them again and reads their records from the table's stream (kept 24 hours).
 */
import { ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { fromIni } from '@aws-sdk/credential-providers';
import { UpstreamError, ValidationError } from '../../core';
import { SDK_RETRY } from '../../aws/throttle';
import { command, parseCommand, regionFrom } from '../args';
import type { CliIo } from '../io';

export interface RedriveDeps {
  readonly sqs?: SQSClient;
  /** Waits between status checks. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RedriveResult {
  readonly status: string;
  readonly moved: number;
  readonly toMove?: number;
}

const POLL_MS = 2_000;
/** Status checks before giving up waiting (the move goes on; the console shows it). */
const MAX_POLLS = 900;

/** The command's flags (also listed by `opsight help`). */
export const REDRIVE = command({
  name: 'redrive',
  synopsis: '--queue ARN [--region R] [--profile P]',
  summary: "move a dead-letter queue's messages back to their queue and wait until done (NotificationDeadLettersArn: notifications that failed every retry)",
  flags: {
    queue: { type: 'string', arg: 'ARN', help: 'the dead-letter queue, e.g. the stack output NotificationDeadLettersArn (required)' },
    region: { type: 'string', arg: 'R', help: "AWS region (default: AWS_REGION, else the queue ARN's region)" },
    profile: { type: 'string', arg: 'P', help: 'profile of your AWS config (default: AWS_PROFILE, else the default chain)' },
  },
});

export async function redrive(argv: readonly string[], io: CliIo, deps: RedriveDeps = {}): Promise<RedriveResult> {
  const values = parseCommand(REDRIVE, argv);
  const env = deps.env ?? process.env;
  const queueArn = values.queue;
  if (!queueArn || !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/.test(queueArn)) {
    throw new ValidationError('--queue must be the ARN of a dead-letter queue (e.g. the stack output NotificationDeadLettersArn)', 'queue');
  }
  const region = regionFrom(values.region, env) ?? queueArn.split(':')[3];
  const profile = values.profile ?? (env.AWS_PROFILE || undefined);
  const sqs = deps.sqs ?? new SQSClient({ region, ...SDK_RETRY, ...(profile ? { credentials: fromIni({ profile }) } : {}) });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const started = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: queueArn }));
  io.out(`Moving the messages of ${queueArn} back to their source queue (task ${started.TaskHandle ?? '?'})…`);
  for (let i = 0; i < MAX_POLLS; i++) {
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: queueArn, MaxResults: 1 }));
    const task = tasks.Results?.[0];
    const status = task?.Status ?? 'UNKNOWN';
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    const toMove = task?.ApproximateNumberOfMessagesToMove;
    if (status === 'COMPLETED') {
      io.out(`Redrive complete: ${moved} message(s) moved.`);
      return { status, moved, ...(toMove !== undefined ? { toMove } : {}) };
    }
    if (status === 'FAILED' || status === 'CANCELLED') {
      throw new UpstreamError(`Redrive ${status.toLowerCase()} after ${moved} message(s): ${task?.FailureReason ?? 'no reason given'}`);
    }
    await sleep(POLL_MS);
  }
  throw new UpstreamError(`Redrive still running after ${(MAX_POLLS * POLL_MS) / 60_000} minutes; follow it in the SQS console`);
}
