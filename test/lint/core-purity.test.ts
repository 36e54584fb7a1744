import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

async function lintAs(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted')).map((m) => m.message);
}

describe('src/core purity rule', () => {
  const banned: Array<[string, string]> = [
    ["import { S3Client } from '@aws-sdk/client-s3';\nexport const c = S3Client;\n", 'AWS SDK'],
    ["import { Stack } from 'aws-cdk-lib';\nexport const s = Stack;\n", 'CDK'],
    ["import { Function as F } from 'aws-cdk-lib/aws-lambda';\nexport const f = F;\n", 'CDK'],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'file access'],
    ["import * as fs from 'fs';\nexport const r = fs;\n", 'file access'],
    ['export const e = process.env.HOME;\n', 'configuration arrives'],
    ['export const t = Date.now();\n', 'time arrives'],
    ['export const d = new Date();\n', 'wall clock'],
    ['export const r = Math.random();\n', 'seeded random'],
    // The adapters: the core never imports them, however the path is spelled.
    ["import { DynamoStore } from '../aws/store';\nexport const s = DynamoStore;\n", 'never imports an adapter'],
    ["import { padTime } from '../../aws/store/table';\nexport const p = padTime;\n", 'never imports an adapter'],
    ["import { listen } from '../local/server';\nexport const l = listen;\n", 'never imports an adapter'],
    ["import { createApi } from '../api';\nexport const a = createApi;\n", 'never imports an adapter'],
    ["import { main } from '../cli/main';\nexport const m = main;\n", 'never imports an adapter'],
    // High-resolution time, crypto and timers.
    ["import { performance } from 'node:perf_hooks';\nexport const t = performance;\n", 'Clock port'],
    ['export const t = performance.now();\n', 'Clock port'],
    ["import { randomUUID } from 'node:crypto';\nexport const u = randomUUID;\n", 'crypto'],
    ["import * as c from 'crypto';\nexport const u = c;\n", 'crypto'],
    ['export const u = crypto.randomUUID();\n', 'crypto'],
    ["import { setTimeout as sleep } from 'node:timers/promises';\nexport const s = sleep;\n", 'timers'],
    ["import { setInterval as every } from 'timers';\nexport const e = every;\n", 'timers'],
    ['export const h = setTimeout(() => undefined, 1);\n', 'timers'],
    ['export const i = setImmediate(() => undefined);\n', 'timers'],
  ];

  it.each(banned)('rejects %s in src/core', async (code, expected) => {
    const messages = await lintAs('src/core/probe.ts', code);
    expect(messages.join('\n')).toContain(expected);
  });

  it('allows the same code outside src/core', async () => {
    for (const [code] of banned) expect(await lintAs('src/aws/probe.ts', code)).toEqual([]);
  });

  it('applies to nested folders of src/core too', async () => {
    expect((await lintAs('src/core/detect/probe.ts', "import { listen } from '../../local/server';\nexport const l = listen;\n")).join('\n')).toContain('never imports an adapter');
  });

  it('allows pure code in src/core', async () => {
    expect(await lintAs('src/core/probe.ts', "import { z } from 'zod';\nexport const s = z.string();\nexport const d = new Date(0);\n")).toEqual([]);
    // Core's own modules, and packages whose names merely contain an adapter folder's name.
    expect(await lintAs('src/core/detect/probe.ts', "import { digest } from '../ids';\nimport { mean } from 'simple-statistics';\nexport const x = [digest, mean];\n")).toEqual([]);
  });
});
