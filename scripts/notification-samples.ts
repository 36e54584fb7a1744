// Rewrites the generated notification samples in docs/notifications.md and README.md from
// scenario replays (src/local/notification-samples.ts). test/aws/outputs/samples-doc.test.ts
// regenerates them and fails when the files differ.
//   npm run docs:notifications
import { readFileSync, writeFileSync } from 'node:fs';
import { renderFirstEmailSection, renderSamplesSection, replaySampleNotifications, spliceSection } from '../src/local/notification-samples';

const samples = await replaySampleNotifications();
const files: Array<[string, string, string]> = [
  ['docs/notifications.md', 'samples', renderSamplesSection(samples)],
  ['README.md', 'first-email', renderFirstEmailSection(samples)],
];
for (const [file, marker, body] of files) {
  writeFileSync(file, spliceSection(readFileSync(file, 'utf8'), marker, body));
  console.log(`${file}: ${marker} section written`);
}
