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
  ];

  it.each(banned)('rejects %s in src/core', async (code, expected) => {
    const messages = await lintAs('src/core/probe.ts', code);
    expect(messages.join('\n')).toContain(expected);
  });

  it('allows the same code outside src/core', async () => {
    for (const [code] of banned) expect(await lintAs('src/aws/probe.ts', code)).toEqual([]);
  });

  it('allows pure code in src/core', async () => {
    expect(await lintAs('src/core/probe.ts', "import { z } from 'zod';\nexport const s = z.string();\nexport const d = new Date(0);\n")).toEqual([]);
  });
});
