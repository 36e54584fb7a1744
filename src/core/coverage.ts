/** The coverage boundary: which resources of one account Opsight analyses. */
import { z } from 'zod';

/** The most stacks or tag values one coverage names (the stored document stays far below DynamoDB's 400 KB item limit). */
export const MAX_COVERAGE_ENTRIES = 1_000;

/** Which resources Opsight analyses. */
export const CoverageSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('account') }).strict(),
  z
    .object({
      mode: z.literal('stacks'),
      /** CloudFormation stack names (at most MAX_COVERAGE_ENTRIES). */
      stacks: z
        .array(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name'))
        .min(1)
        .max(MAX_COVERAGE_ENTRIES, `at most ${MAX_COVERAGE_ENTRIES} stacks`),
    })
    .strict(),
  z
    .object({
      mode: z.literal('tags'),
      /** Tag key: `devops-guru-*` (DevOps Guru's convention) or `opsight-*`. */
      tagKey: z.string().regex(/^(devops-guru-|opsight-)[\w.:/=+@-]{0,110}$/, 'must start with devops-guru- or opsight-'),
      /** Tag values to cover; empty = every value of the key. */
      tagValues: z
        .array(z.string().min(1).max(256))
        .max(MAX_COVERAGE_ENTRIES, `at most ${MAX_COVERAGE_ENTRIES} tag values`)
        .default([]),
    })
    .strict(),
]);
export type Coverage = z.infer<typeof CoverageSchema>;
