/**
 * Configuration of log evidence (`logs` in the Opsight configuration): how much is read around
 * each open reactive insight. The budget bounds cost: CloudWatch Logs Insights bills per GB
 * scanned, FilterLogEvents by API calls and time (see docs/logs.md).
 */
import { z } from 'zod';

export const LogsConfigSchema = z
  .object({
    /** Read the log groups of the resources of open reactive insights. */
    enabled: z.boolean().default(true),
    /** Baseline read before an insight's onset, minutes. */
    baselineMinutes: z.number().int().min(15).max(1440).default(180),
    /** How long after onset logs are still read, minutes (the evidence is at the start). */
    windowMinutes: z.number().int().min(15).max(2880).default(180),
    /** Minutes between reads of one insight's logs (each reads only what is new). */
    refreshMinutes: z.number().int().min(1).max(1440).default(15),
    /** Most log lines read per insight, over its life. */
    maxLinesPerInsight: z.number().int().min(100).max(10_000_000).default(50_000),
    /** Most bytes of log text read per insight, over its life. */
    maxBytesPerInsight: z.number().int().min(10_000).max(10_000_000_000).default(20_000_000),
    /** Most log groups read per insight. */
    maxLogGroups: z.number().int().min(1).max(50).default(6),
    /** Also read CloudWatch Logs anomaly detectors' findings where a detector exists. */
    anomalyDetectors: z.boolean().default(true),
    /**
     * Further log groups the stack may read (names, `*` allowed at the end), for groups named in
     * resources' `opsight-log-groups` tag (e.g. CloudWatch agent groups).
     */
    extraLogGroups: z
      .array(z.string().regex(/^[\w#/.-]+\*?$/, 'must be a log group name, optionally ending in *'))
      .max(20)
      .default([]),
  })
  .strict();
export type LogsConfig = z.infer<typeof LogsConfigSchema>;

export const DEFAULT_LOGS_CONFIG: LogsConfig = LogsConfigSchema.parse({});
