import { ListMessageMoveTasksCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError, ValidationError } from '../../src/core';
import { redrive } from '../../src/cli/commands/redrive';
import type { CliIo } from '../../src/cli/io';

const DLQ = 'arn:aws:sqs:eu-west-1:123456789012:Test-OpsightPipelineNotifierFailuresDeadLetter-AbC123';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

describe('opsight redrive', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => sqs.reset());
  afterAll(() => sqs.restore());
  const client = () => new SQSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

  it('moves the dead letters back to their source queue and waits until SQS reports completion', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'h-1' });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 3 }] })
      .resolves({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 3 }] });
    const waits: number[] = [];
    const io = captureIo();
    const result = await redrive(['--queue', DLQ], io, { sqs: client(), sleep: async (ms) => void waits.push(ms) });
    expect(result).toEqual({ status: 'COMPLETED', moved: 3, toMove: 3 });
    // No destination: SQS moves each message back to the queue it was dead-lettered from.
    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((c) => c.args[0].input)).toEqual([{ SourceArn: DLQ }]);
    expect(waits).toHaveLength(1);
    expect(io.lines.at(-1)).toMatch(/3 message\(s\) moved/);
  });

  it('reports a failed move', async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'h-2' });
    sqs.on(ListMessageMoveTasksCommand).resolves({ Results: [{ Status: 'FAILED', ApproximateNumberOfMessagesMoved: 0, FailureReason: 'AccessDenied' }] });
    await expect(redrive(['--queue', DLQ], captureIo(), { sqs: client(), sleep: async () => undefined })).rejects.toThrow(UpstreamError);
  });

  it.each([[[]], [['--queue', 'https://sqs.eu-west-1.amazonaws.com/1/q']], [['--queue', DLQ, '--force']]])('rejects %j', async (argv) => {
    await expect(redrive(argv, captureIo(), { sqs: client() })).rejects.toThrow(ValidationError);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
  });
});
