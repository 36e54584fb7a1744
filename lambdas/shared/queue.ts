/**
 * Sending to SQS: SendMessageBatch takes at most 10 entries and 256 KiB in total; entries
 * the service reports as failed are retried, then the call fails.
 */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { UpstreamError } from '../../src/core';

export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_BYTES = 256 * 1024;

export interface OutgoingMessage {
  /** Unique within one call (SQS batch entry id: letters, digits, - and _). */
  readonly id: string;
  readonly body: string;
}

/** Groups messages into batches of at most 10 entries and 256 KiB. O(n). */
export function batchesOf(messages: readonly OutgoingMessage[]): OutgoingMessage[][] {
  const out: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = Buffer.byteLength(m.body, 'utf8');
    if (size > MAX_BATCH_BYTES) throw new UpstreamError(`Message ${m.id} is ${size} bytes, above the SQS limit`);
    if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

export async function sendAll(sqs: SQSClient, queueUrl: string, messages: readonly OutgoingMessage[], attempts = 3): Promise<void> {
  for (const batch of batchesOf(messages)) {
    let pending = batch;
    for (let attempt = 1; pending.length; attempt++) {
      const r = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((m) => ({ Id: m.id, MessageBody: m.body })) }));
      const failed = new Set((r.Failed ?? []).map((f) => f.Id));
      const senderFault = (r.Failed ?? []).find((f) => f.SenderFault);
      if (senderFault) throw new UpstreamError(`SQS refused message ${senderFault.Id}: ${senderFault.Code} ${senderFault.Message ?? ''}`.trim());
      pending = pending.filter((m) => failed.has(m.id));
      if (pending.length && attempt >= attempts) throw new UpstreamError(`SQS failed ${pending.length} message(s) after ${attempts} attempts`);
    }
  }
}

export async function sendOne(sqs: SQSClient, queueUrl: string, body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}
