/**
 * What was unusual in a window of one log group, against the baseline before it.
 *
 * Each template's count in the window is compared with what its share of the baseline predicts
 * for the window's volume: expected = W × (b + ½) / (B + 1), where b is its baseline count, B
 * and W the baseline and window totals (the ½ keeps templates never seen in the baseline
 * testable). Shares rather than rates, so a busier hour moves every template together and
 * raises nothing. The surprise of the count is the Poisson upper tail, -log10 P(X ≥ w); a
 * template is reported when that surprise clears a Bonferroni threshold — the false-alarm rate
 * per report split over the templates tested — and the count is also at least `minRatio` times
 * the expectation and at least `minCount` lines (an effect size, since real logs are burstier
 * than Poisson).
 */
import { surpriseToScore } from '../detect/tail';
import { TemplateMiner, type Template } from './miner';
import { poissonSurpriseDecades } from './poisson';
import { MAX_LOG_ANOMALIES, MAX_LOG_SAMPLES, MAX_SAMPLE_CHARS, type LogAnomaly, type LogAnomalyKind } from './schema';

export interface LogWindow {
  /** Baseline from here to `windowStart` (epoch ms). */
  readonly baselineStart: number;
  readonly windowStart: number;
  /** Exclusive end of the window. */
  readonly windowEnd: number;
}

export interface ReportOptions {
  /** Chance of one or more false reports per log group and window. @default 0.001 */
  readonly falseAlarmRate?: number;
  /** Fewest window lines for a report. @default 3 */
  readonly minCount?: number;
  /** Smallest ratio of window count to expectation. @default 3 */
  readonly minRatio?: number;
  /** Most anomalies returned. @default MAX_LOG_ANOMALIES */
  readonly limit?: number;
}

/** Surprise (decades) that scores 0.5. */
const HALF_SCORE_DECADES = 10;

interface Tested {
  readonly template: Template;
  readonly baseline: number;
  readonly window: number;
  readonly expected: number;
  readonly decades: number;
}

function kindOf(t: Template, baseline: number): LogAnomalyKind {
  if (t.status !== undefined && t.status >= 400) return 'HTTP_STATUS';
  if (t.error) return 'KEYWORD';
  return baseline === 0 ? 'NEW_PATTERN' : 'RATE';
}

/** Error and failed-request templates rank before the others (they tend to name the cause), then by surprise. */
function byRank(x: Tested, y: Tested): number {
  const weighty = (t: Template) => (t.error || (t.status ?? 0) >= 400 ? 1 : 0);
  return weighty(y.template) - weighty(x.template) || Math.min(y.decades, 300) - Math.min(x.decades, 300) || x.template.id - y.template.id;
}

/** The anomalies of one log group's window, strongest first. O(templates × periods). */
export function reportWindow(miner: TemplateMiner, logGroup: string, w: LogWindow, options: ReportOptions = {}): LogAnomaly[] {
  const P = miner.periodMs;
  const [b0, w0, w1] = [Math.floor(w.baselineStart / P), Math.floor(w.windowStart / P), Math.ceil(w.windowEnd / P)];
  const rows = miner.templates().map((template) => ({ template, baseline: TemplateMiner.countIn(template, b0, w0), window: TemplateMiner.countIn(template, w0, w1) }));
  const B = rows.reduce((s, r) => s + r.baseline, 0);
  const W = rows.reduce((s, r) => s + r.window, 0);
  // Without a baseline there is no share to depart from.
  if (W === 0 || B === 0) return [];
  const candidates = rows.filter((r) => r.window > 0);
  const threshold = -Math.log10((options.falseAlarmRate ?? 0.001) / candidates.length);
  const minCount = options.minCount ?? 3;
  const minRatio = options.minRatio ?? 3;
  const found: Tested[] = [];
  for (const r of candidates) {
    const expected = (W * (r.baseline + 0.5)) / (B + 1);
    if (r.window < minCount || r.window < minRatio * expected) continue;
    const decades = poissonSurpriseDecades(r.window, expected);
    if (decades >= threshold) found.push({ ...r, expected, decades });
  }
  found.sort(byRank);
  return found.slice(0, options.limit ?? MAX_LOG_ANOMALIES).map((x) => ({
    logGroup,
    template: x.template.tokens.join(' ').slice(0, 512) || '(empty line)',
    kind: kindOf(x.template, x.baseline),
    baselineCount: x.baseline,
    windowCount: x.window,
    expectedCount: Math.round(x.expected * 100) / 100,
    firstSeen: x.template.firstSeen,
    score: surpriseToScore(Math.min(x.decades, 300), HALF_SCORE_DECADES),
    samples: x.template.samples.slice(0, MAX_LOG_SAMPLES).map((s) => s.slice(0, MAX_SAMPLE_CHARS)),
  }));
}

const WEIGHTY_KINDS = new Set(['KEYWORD', 'HTTP_STATUS', 'DETECTOR']);

/** Order across log groups: error-bearing kinds before the others, then by score, then by group and template. */
export function compareLogAnomalies(x: LogAnomaly, y: LogAnomaly): number {
  const wx = WEIGHTY_KINDS.has(x.kind) ? 1 : 0;
  const wy = WEIGHTY_KINDS.has(y.kind) ? 1 : 0;
  return wy - wx || y.score - x.score || x.logGroup.localeCompare(y.logGroup) || x.template.localeCompare(y.template);
}
