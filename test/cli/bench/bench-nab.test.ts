import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchNab } from '../../../src/cli/commands/bench-nab';
import type { Detector } from '../../../src/core/detect/types';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'opsight-bench-nab-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function stamp(i: number): string {
  return new Date(Date.UTC(2021, 5, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
}

// A NAB-shaped tree: <root>/data, <root>/labels/windows.json (no profiles.json, no results).
const root = path.join(tmp, 'nab');
const data = path.join(root, 'data');
const labels = path.join(root, 'labels', 'windows.json');
mkdirSync(path.join(data, 'queueDepths'), { recursive: true });
mkdirSync(path.dirname(labels), { recursive: true });
writeFileSync(
  path.join(data, 'queueDepths', 'sqs_messages_visible.csv'),
  ['timestamp,value', ...Array.from({ length: 40 }, (_, i) => `${stamp(i)},${i === 20 ? 500 : 5}`)].join('\n'),
);
writeFileSync(labels, JSON.stringify({ 'queueDepths/sqs_messages_visible.csv': [[`${stamp(18)}.000000`, `${stamp(24)}.000000`]] }));

const spike: Detector<{ version: 1 }> = {
  name: 'spike',
  threshold: 0.5,
  init: () => ({ version: 1 }),
  update: (state, _t, value) => ({ state, result: { score: value > 100 ? 1 : 0, expected: 5, lower: 0, upper: 100, direction: 'NONE' } }),
  warmStart: (state) => state,
};

async function run(argv: string[], detectors?: Array<Detector<{ version: 1 }>>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await benchNab(argv, { out: (l) => lines.push(l) }, detectors ? { detectors } : {});
  return { code, lines };
}

describe('benchNab arguments', () => {
  it('needs --labels with --data, and --labels only with --data', async () => {
    const r = await run(['--labels', labels, '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toBe('error: --labels, --profiles and --references go with --data');
    expect((await run(['--data', data, '--out', tmp])).lines[0]).toBe('error: --labels is required with --data');
  });

  it('rejects unknown flags, flags without values and bad kinds', async () => {
    expect((await run(['--dat', data])).lines[0]).toMatch(/^error: bench nab: unknown flag --dat; expected --data, /);
    expect((await run(['--data'])).lines[0]).toBe('error: bench nab: --data needs a value (--data DIR)');
    expect((await run(['--kinds', 'percent'])).lines[0]).toBe('error: --kinds: expected inferred or generic, got "percent"');
  });

  it('names the flag whose file or directory is bad', async () => {
    const r = await run(['--data', path.join(tmp, 'nope'), '--labels', labels, '--out', tmp]);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(/^error: --data: .*not a directory/);
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{"a": [[1, 2]]}');
    expect((await run(['--data', data, '--labels', bad, '--out', tmp])).lines[0]).toMatch(/^error: --labels: .*a/);
    writeFileSync(bad, '{ not json');
    expect((await run(['--data', data, '--labels', labels, '--out', tmp, '--profiles', bad])).lines[0]).toMatch(/^error: --profiles: .*not valid JSON/);
    expect((await run(['--data', data, '--labels', labels, '--out', tmp, '--references', path.join(tmp, 'none')])).lines[0]).toMatch(/^error: --references:/);
  });

  it('names unknown detectors and lists the available ones', async () => {
    const r = await run(['--data', data, '--labels', labels, '--out', tmp, '--detector', 'nope'], [spike]);
    expect(r.code).toBe(2);
    expect(r.lines[0]).toBe('error: --detector: unknown detector "nope" (available: spike)');
  });

  it('prints usage for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/^opsight bench nab \[--data DIR --labels FILE\]/);
    expect(r.lines.some((l) => /^ {4}--cv /.test(l))).toBe(true);
  });
});

describe('benchNab run', () => {
  it('runs, writes results and prints a table sorted by standard with published rows', async () => {
    const out = path.join(tmp, 'out1');
    const r = await run([`--data=${data}`, '--labels', labels, '--out', out], [spike]);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(existsSync(path.join(out, 'spike', 'queueDepths', 'spike_sqs_messages_visible.csv'))).toBe(true);
    const header = r.lines.findIndex((l) => l.startsWith('detector'));
    expect(r.lines[header]).toMatch(/^detector\s+source\s+standard\s+reward_low_FP_rate\s+reward_low_FN_rate$/);
    // Window rows 18..24 (width 7), spike at row 20: p = -(24 - 20 + 1) / 7 = -0.714;
    // 2 / (1 + e^-3.571) - 1 = 0.94530; / 0.98661 = 0.95813 raw; 100 * 1.95813 / 2 = 97.91
    const ours = r.lines.find((l) => l.startsWith('spike'));
    expect(ours).toMatch(/^spike\s+run\s+97\.91\s+97\.91\s+98\.60$/);
    expect(r.lines.some((l) => /^numenta\s+published\s+68\.58\s+62\.21\s+72\.77$/.test(l))).toBe(true);
    const table = r.lines.slice(header + 2, r.lines.indexOf('', header));
    const standard = table.map((l) => Number(l.trim().split(/\s+/)[2]));
    expect(standard).toEqual([...standard].sort((a, b) => b - a));
  });

  it('rescores reference outputs found under --references', async () => {
    const out = path.join(tmp, 'out2');
    await run(['--data', data, '--labels', labels, '--out', out], [spike]);
    // Present our own outputs again under another name, as a reference detector would be.
    const refs = path.join(tmp, 'refs');
    mkdirSync(path.join(refs, 'numenta', 'queueDepths'), { recursive: true });
    cpSync(path.join(out, 'spike', 'queueDepths', 'spike_sqs_messages_visible.csv'), path.join(refs, 'numenta', 'queueDepths', 'numenta_sqs_messages_visible.csv'));
    const r = await run(['--data', data, '--labels', labels, '--out', out, '--references', refs], [spike]);
    expect(r.code).toBe(0);
    expect(r.lines.some((l) => /^numenta\s+rescored\s+97\.91/.test(l))).toBe(true);
    expect(r.lines.some((l) => /^numenta\s+published/.test(l))).toBe(false);
  });

  it('runs the default detector from src/core/detect', async () => {
    const r = await run(['--data', data, '--labels', labels, '--out', path.join(tmp, 'out3')]);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines[0]).toMatch(/^NAB benchmark: 1 files, 1 windows/);
  });
});

describe('benchNab on the shipped corpus', () => {
  it('runs without --data on the 41 files shipped in bench/nab and rescores the references', async () => {
    const r = await run(['--out', path.join(tmp, 'out4')]);
    expect(r.code, r.lines.join('\n')).toBe(0);
    expect(r.lines[0]).toMatch(/^NAB benchmark: 41 files, 69 windows from the corpus shipped in bench\/nab, detector "opsight", kinds inferred$/);
    expect(r.lines.some((l) => /^numenta\s+rescored\s+68\.58\s+62\.21\s+72\.77$/.test(l))).toBe(true);
    expect(r.lines.some((l) => /^contextOSE\s+rescored\s+63\.78\s+59\.84\s+67\.64$/.test(l))).toBe(true);
  });
});

describe('benchNab --cv', () => {
  // Two categories, each with one labelled spike; the spike detector fires above a level that
  // the grid varies: a level of 100 finds both spikes, 1000 finds none.
  const cvRoot = path.join(tmp, 'cv');
  const cvData = path.join(cvRoot, 'data');
  const cvLabels = path.join(cvRoot, 'labels', 'windows.json');
  const windows: Record<string, Array<[string, string]>> = {};
  for (const category of ['alpha', 'beta']) {
    mkdirSync(path.join(cvData, category), { recursive: true });
    writeFileSync(path.join(cvData, category, 'q.csv'), ['timestamp,value', ...Array.from({ length: 40 }, (_, i) => `${stamp(i)},${i === 20 ? 500 : 5}`)].join('\n'));
    windows[`${category}/q.csv`] = [[`${stamp(18)}.000000`, `${stamp(24)}.000000`]];
  }
  mkdirSync(path.dirname(cvLabels), { recursive: true });
  writeFileSync(cvLabels, JSON.stringify(windows));
  const above = (level: number): Detector<{ version: 1 }> => ({ ...spike, update: (state, _t, value) => ({ state, result: { score: value > level ? 1 : 0, expected: 5, lower: 0, upper: level, direction: 'NONE' } }) });

  it('chooses constants on the other categories and scores each held-out category with them', async () => {
    const lines: string[] = [];
    const grid = [
      { name: 'level=1000', overrides: { threshold: 1000 } },
      { name: 'level=100', overrides: { threshold: 100 } },
    ];
    const code = await benchNab(['--data', cvData, '--labels', cvLabels, '--out', path.join(tmp, 'out5'), '--cv'], { out: (l) => lines.push(l) }, {
      detectors: [spike],
      grid,
      build: (o) => above(o.threshold ?? 0),
    });
    expect(code, lines.join('\n')).toBe(0);
    const at = lines.indexOf('cross-validation, standard: each category scored with the constants and threshold chosen on the other four');
    expect(at).toBeGreaterThan(0);
    const folds = lines.slice(at + 2, at + 4);
    expect(folds[0]).toMatch(/^alpha\s+1\s+1\s+1\.000\s+97\.91\s+97\.91\s+level=100$/);
    expect(folds[1]).toMatch(/^beta\s+1\s+1\s+1\.000\s+97\.91\s+97\.91\s+level=100$/);
    expect(lines[at + 4]).toBe('mean over folds with windows 97.91; pooled held-out 97.91; threshold 1.000-1.000');
  });
});
