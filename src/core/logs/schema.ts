/**
 * The log evidence an insight carries: a template of unusual log events in one log group, with
 * its counts before and since the insight's onset and a few sample lines (bounded in size, so
 * an insight stays small).
 */
import { z } from 'zod';

/** Most log anomalies on one insight. */
export const MAX_LOG_ANOMALIES = 10;
/** Most sample lines per log anomaly, and their longest length. */
export const MAX_LOG_SAMPLES = 3;
export const MAX_SAMPLE_CHARS = 300;

/**
 * HTTP_STATUS: a 4XX/5XX status line rose; KEYWORD: a line with an error word (ERROR,
 * Exception, timed out, denied, refused, ...) rose; NEW_PATTERN: a template never seen in the
 * baseline appeared; RATE: any other template rose well above its share of the baseline;
 * DETECTOR: reported by a CloudWatch Logs anomaly detector.
 */
export const LogAnomalyKindSchema = z.enum(['HTTP_STATUS', 'KEYWORD', 'NEW_PATTERN', 'RATE', 'DETECTOR']);
export type LogAnomalyKind = z.infer<typeof LogAnomalyKindSchema>;

export const LogAnomalySchema = z.object({
  logGroup: z.string().min(1).max(512),
  /** The covered resource the log group belongs to. */
  resourceId: z.string().min(1).optional(),
  /** The pattern, variables shown as `<*>`. */
  template: z.string().min(1).max(512),
  kind: LogAnomalyKindSchema,
  /** Lines of the template in the baseline window (before onset) and since onset. */
  baselineCount: z.number().int().nonnegative(),
  windowCount: z.number().int().nonnegative(),
  /** Lines expected since onset from the template's share of the baseline. */
  expectedCount: z.number().nonnegative(),
  /** First time the template was seen in what was read (epoch ms). */
  firstSeen: z.number().int().nonnegative(),
  /** Calibrated surprise mapped to [0, 1). */
  score: z.number().min(0).max(1),
  samples: z.array(z.string().max(MAX_SAMPLE_CHARS)).max(MAX_LOG_SAMPLES),
});
export type LogAnomaly = z.infer<typeof LogAnomalySchema>;
