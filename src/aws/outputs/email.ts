/**
 * The e-mail body: plain text for an on-call engineer in a hurry. What is wrong and where
 * first, then the likely cause, the worst anomalies against their normal range, what to do,
 * and the links. Free text from the insight is cut so the mail stays short whatever it holds.
 */
import type { InsightSummary } from './summary';

/** `text` cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function anomalySection(s: InsightSummary): string[] {
  if (s.anomalies.length === 0) return [];
  const lines = ['What is unusual (worst first):'];
  for (const a of s.anomalies) lines.push(`  - ${clip(a.what, 200)}: ${a.value}, ${a.severity}, ${a.when}`);
  if (s.moreAnomalies > 0) lines.push(`  … and ${s.moreAnomalies} more (see the links below)`);
  return [...lines, ''];
}

function logSection(s: InsightSummary): string[] {
  if (s.logs.length === 0) return [];
  return ['What the logs say:', ...s.logs.map((l) => `  - ${l}`), ''];
}

function recommendationSection(s: InsightSummary): string[] {
  if (s.recommendations.length === 0) return [];
  const lines = ['What to do:'];
  s.recommendations.forEach((r, k) => {
    lines.push(`  ${k + 1}. ${clip(r.name, 200)}`);
    lines.push(`     Why: ${clip(r.reason, 400)}`);
    lines.push(`     How: ${r.link}`);
    if (r.runbook) lines.push(`     Runbook: ${r.runbook.name} (${r.runbook.purpose}), offered on the OpsItem; Opsight never runs it`);
  });
  if (s.moreRecommendations > 0) lines.push(`  … and ${s.moreRecommendations} more`);
  return [...lines, ''];
}

/** The plain-text mail for one notification. */
export function renderEmail(s: InsightSummary, notificationId: string): string {
  const lines = [
    clip(s.headline, 300),
    s.change,
    '',
    `Where:   ${clip(s.where, 300)}`,
    `When:    ${s.when}`,
    ...(s.predicted ? [`Predicted to run out: ${s.predicted}`] : []),
    ...(s.cause ? [clip(s.cause, 500)] : []),
    '',
    ...anomalySection(s),
    ...logSection(s),
    ...recommendationSection(s),
    'Open the insight:',
    ...s.links.map((l) => `  ${l.label}: ${l.url}`),
    '',
    '--',
    `Opsight insight ${s.insightId}, notification ${notificationId}.`,
    'Sent to the subscribers of the Opsight insights topic.',
  ];
  return `${lines.join('\n')}\n`;
}
