/**
 * The samples in docs/notifications.md and README.md come from the current code: replay the
 * scenarios, render every output again and compare. Also checks the real samples' content.
 * After changing what a notification says: `npm run docs:notifications`.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChatNotification, buildMessageStructure, opsItemDescription, summarize } from '../../../src/aws/outputs';
import {
  SAMPLE_CONTEXT,
  renderFirstEmailSection,
  renderSamplesSection,
  replaySampleNotifications,
  sampleEmail,
  sampleLinks,
  spliceSection,
  type SampleNotifications,
} from '../../../src/local/notification-samples';

const REGENERATE = 'out of date: run `npm run docs:notifications` and commit the result';
let samples: SampleNotifications;

beforeAll(async () => {
  samples = await replaySampleNotifications();
}, 300_000);

function checkFile(file: string, marker: string, body: string): void {
  const text = readFileSync(file, 'utf8');
  expect(spliceSection(text, marker, body), `${file} ${REGENERATE}`).toBe(text);
}

describe('notification samples in the docs', () => {
  it('docs/notifications.md shows what the code sends for the replayed insights', () => {
    checkFile('docs/notifications.md', 'samples', renderSamplesSection(samples));
  });

  it("README's Deploy section shows the first e-mail", () => {
    checkFile('README.md', 'first-email', renderFirstEmailSection(samples));
  });

  it('replays a reactive insight that opens and closes and a proactive one whose severity rises', () => {
    expect(samples.reactive.map((n) => n.messageType)).toEqual(expect.arrayContaining(['NEW_INSIGHT', 'CLOSED_INSIGHT']));
    expect(samples.reactive.every((n) => n.insight.type === 'REACTIVE')).toBe(true);
    expect(samples.proactive.map((n) => n.messageType)).toEqual(expect.arrayContaining(['NEW_INSIGHT', 'SEVERITY_UPGRADED']));
  });

  it('e-mails a replayed insight with its cause, values in units, what changed and absolute links', () => {
    const first = samples.reactive[0]!;
    const mail = sampleEmail(first);
    expect(first.insight.rootCause).toBeDefined();
    expect(mail).toMatch(/^(Likely cause|Possibly related|Cause): /m);
    expect(mail).toMatch(/: [\d.,]+ \(normal [\d.,]+–[\d.,]+\)/);
    expect(mail).toContain(`${SAMPLE_CONTEXT.dashboardUrl}#/insights/${first.insight.id}`);
    expect(mail).toContain(`${SAMPLE_CONTEXT.apiUrl}insights/${first.insight.id}`);
    const upgrade = samples.proactive.find((n) => n.messageType === 'SEVERITY_UPGRADED')!;
    expect(sampleEmail(upgrade)).toContain(`Severity raised from ${upgrade.previous!.severity} to ${upgrade.insight.severity}.`);
    expect(sampleEmail(upgrade)).toMatch(/mem_used_percent on EC2 instance \S+: at [\d.]+ % and rising/);
    const closed = samples.reactive.find((n) => n.messageType === 'CLOSED_INSIGHT')!;
    expect(sampleEmail(closed)).toMatch(/Closed(: back to normal)? at \d{4}-\d\d-\d\d \d\d:\d\d UTC, after [\d.]+ (min|h|days)/);
  });

  it('keeps every output of every replayed notification within its limits', () => {
    const ctx = { accountId: SAMPLE_CONTEXT.accountId, region: SAMPLE_CONTEXT.region, links: sampleLinks() };
    for (const n of [...samples.reactive, ...samples.proactive]) {
      expect(Buffer.byteLength(buildMessageStructure(n, ctx), 'utf8')).toBeLessThanOrEqual(250_000);
      expect(opsItemDescription(summarize(n, ctx)).length).toBeLessThanOrEqual(2_048);
      const card = buildChatNotification(n, ctx);
      expect(card.content.description).toContain(`${SAMPLE_CONTEXT.dashboardUrl}#/insights/${n.insight.id}`);
      expect(card.metadata.relatedResources.every((arn) => arn.startsWith('arn:aws:'))).toBe(true);
    }
  });
});
