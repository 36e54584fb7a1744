/** The logs show processes running out of memory. */
import { defineLogRule } from '../log-rule';

export const lambdaLogOutOfMemory = defineLogRule({
  id: 'lambda-log-out-of-memory',
  name: 'Give the function more memory or fix the leak',
  service: 'Lambda',
  link: 'https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-execution.html',
  weight: 0.85,
  pattern: /out of memory|OutOfMemory|heap limit|MemoryError|signal: killed/i,
  description:
    'The runtime ran out of memory. Compare Max Memory Used with the memory size in REPORT lines, raise the memory setting, and look for data held between invocations (a leak) or payloads loaded whole.',
});
