/** Log evidence in words: one line per log anomaly, for messages, OpsItems and the dashboard. */
import type { LogAnomaly } from './schema';

const KIND_WORDS: Record<LogAnomaly['kind'], string> = {
  HTTP_STATUS: 'HTTP status',
  KEYWORD: 'error',
  NEW_PATTERN: 'new pattern',
  RATE: 'rate',
  DETECTOR: 'detector',
};

/** `error in /aws/lambda/checkout: "Task timed out after <*> seconds" — 42 lines since onset (0 before)`, at most `max` characters. */
export function logAnomalyLine(l: LogAnomaly, max = 300): string {
  const counts = ` — ${l.windowCount} line${l.windowCount === 1 ? '' : 's'} since onset (${l.baselineCount} before)`;
  const head = `${KIND_WORDS[l.kind]} in ${l.logGroup}: "`;
  const room = Math.max(20, max - head.length - counts.length - 1);
  const template = l.template.length > room ? `${l.template.slice(0, room - 1)}…` : l.template;
  return `${head}${template}"${counts}`;
}
