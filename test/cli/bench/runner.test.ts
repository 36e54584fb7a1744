import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectionResult, Detector } from '../../../src/core/detect/types';
import { parseScoresCsv } from '../../../src/cli/bench/nab/format';
import {
  inferKind,
  inferSeriesMeta,
  listCsvFiles,
  medianPeriodSeconds,
  readReferenceResults,
  resultsPath,
  runNab,
  type NabRun,
} from '../../../src/cli/bench/nab/runner';
import { scoreCorpus } from '../../../src/cli/bench/nab/scorer';

/** Fires (score 1) when a value is above 50; records the metadata it was given. */
const seenMeta: Record<string, unknown>[] = [];
const spike: Detector<{ version: 1 }> = {
  name: 'spike',
  threshold: 0.5,
  init(meta) {
    seenMeta.push({ ...meta });
    return { version: 1 };
  },
  update(state, _t, value) {
    const result: DetectionResult = { score: value > 50 ? 1 : 0, expected: 0, lower: 0, upper: 50, direction: value > 50 ? 'ABOVE' : 'NONE' };
    return { state, result };
  },
  warmStart: (state) => state,
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'opsight-nab-runner-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function stamp(i: number): string {
  return new Date(Date.UTC(2021, 5, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** 30 rows; values written with trailing zeros to check they are copied verbatim. */
function writeSeries(file: string, spikeAt: number[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const lines = ['timestamp,value'];
  for (let i = 0; i < 30; i++) lines.push(`${stamp(i)},${spikeAt.includes(i) ? '99.50' : '10.00'}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const dataDir = path.join(tmp, 'data');
const outDir = path.join(tmp, 'out');
// A category NAB never had, plus a second one and a file with no labels.
writeSeries(path.join(dataDir, 'myPaymentsService', 'svc_request_count_a1.csv'), [10]);
writeSeries(path.join(dataDir, 'hosts', 'host_cpu_utilization_b2.csv'), [25]);
writeSeries(path.join(dataDir, 'hosts', 'unlabelled_thing.csv'), []);
const windows = {
  // rows 10..14 (30 rows: probation = floor(4.5) = 4 rows)
  'myPaymentsService/svc_request_count_a1.csv': [[`${stamp(10)}.000000`, `${stamp(14)}.000000`]] as Array<[string, string]>,
  'hosts/host_cpu_utilization_b2.csv': [] as Array<[string, string]>,
};

describe('runNab', () => {
  let run: NabRun;
  beforeAll(async () => {
    run = await runNab({ dataDir, windows, outDir, detector: spike });
  });

  it('finds every CSV, whatever the category names', async () => {
    expect(await listCsvFiles(dataDir)).toEqual([
      'hosts/host_cpu_utilization_b2.csv',
      'hosts/unlabelled_thing.csv',
      'myPaymentsService/svc_request_count_a1.csv',
    ]);
    expect(run.files.map((f) => f.name)).toEqual(['hosts/host_cpu_utilization_b2.csv', 'myPaymentsService/svc_request_count_a1.csv']);
    expect(run.unlabelled).toEqual(['hosts/unlabelled_thing.csv']);
  });

  it('writes <out>/<detector>/<category>/<detector>_<file>.csv in NAB format', () => {
    const file = path.join(outDir, 'spike', 'myPaymentsService', 'spike_svc_request_count_a1.csv');
    expect(resultsPath(outDir, 'spike', 'myPaymentsService/svc_request_count_a1.csv')).toBe(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,label');
    expect(lines).toHaveLength(31);
    expect(lines[1]).toBe(`${stamp(0)},10.00,0,0`);
    expect(lines[10]).toBe(`${stamp(9)},10.00,0,0`);
    expect(lines[11]).toBe(`${stamp(10)},99.50,1,1`); // left edge of the window, inclusive
    expect(lines[15]).toBe(`${stamp(14)},10.00,0,1`); // right edge, inclusive
    expect(lines[16]).toBe(`${stamp(15)},10.00,0,0`);
    // unlabelled files still get results, all labels 0
    expect(existsSync(path.join(outDir, 'spike', 'hosts', 'spike_unlabelled_thing.csv'))).toBe(true);
  });

  it('scores the labelled files and writes NAB score CSVs', () => {
    // The window is caught at its left edge (+1); host file: an FP before any window (-0.11).
    // threshold 1: raw 0.89; rawNull -1, perfect 1 -> 100 * 1.89 / 2 = 94.5
    const std = run.scores.standard;
    expect(std?.threshold).toBe(1);
    expect(std?.raw).toBeCloseTo(0.89, 12);
    expect(std?.normalised).toBeCloseTo(94.5, 9);
    const rows = parseScoresCsv(readFileSync(path.join(outDir, 'spike', 'spike_standard_scores.csv'), 'utf8'), 'scores');
    expect(rows.map((r) => r.file)).toEqual(['hosts/host_cpu_utilization_b2.csv', 'myPaymentsService/svc_request_count_a1.csv', 'Totals']);
    expect(rows[2]?.score).toBeCloseTo(0.89, 12);
  });

  it('passes metadata inferred from the metric name and timestamps', () => {
    expect(seenMeta).toContainEqual({ kind: 'count', periodSeconds: 300, min: 0 });
    expect(seenMeta).toContainEqual({ kind: 'percent', periodSeconds: 300, min: 0, max: 100 });
    expect(seenMeta).toContainEqual({ kind: 'generic', periodSeconds: 300 });
  });

  it('reads results back as references and rescores them identically', async () => {
    const files = await readReferenceResults(outDir, 'spike', windows);
    expect(files.map((f) => f.name)).toEqual(run.files.map((f) => f.name));
    expect(scoreCorpus(files).standard?.raw).toBe(run.scores.standard?.raw);
    const only = await readReferenceResults(outDir, 'spike', windows, new Set(['hosts/host_cpu_utilization_b2.csv']));
    expect(only).toHaveLength(1);
  });
});

describe('series metadata', () => {
  it('classifies NAB and CloudWatch metric names', () => {
    expect(inferKind('ec2_cpu_utilization_24ae8d')).toBe('percent');
    expect(inferKind('rds_cpu_utilization_cc0c53')).toBe('percent');
    expect(inferKind('elb_request_count_8c0756')).toBe('count');
    expect(inferKind('ec2_disk_write_bytes_1ef3de')).toBe('bytes');
    expect(inferKind('ec2_network_in_257a54')).toBe('bytes');
    expect(inferKind('iio_us-east-1_i-a2eb1cd9_NetworkIn')).toBe('bytes');
    expect(inferKind('ec2_request_latency_system_failure')).toBe('latency');
    expect(inferKind('NetworkPacketsIn')).toBe('count');
    expect(inferKind('art_daily_jumpsup')).toBe('generic');
    expect(inferKind('grok_asg_anomaly')).toBe('generic');
  });

  it('takes the period from the median gap, robust to a few gaps', () => {
    const t = [0, 300, 600, 900, 4500, 4800].map((s) => s * 1000);
    expect(medianPeriodSeconds(t)).toBe(300);
    expect(medianPeriodSeconds([0, 60_000, 120_000])).toBe(60);
    expect(medianPeriodSeconds([0])).toBe(300); // cannot tell: CloudWatch's 5 minutes
    expect(inferSeriesMeta({ metric: 'x_bytes', times: [0, 60_000] })).toEqual({ kind: 'bytes', periodSeconds: 60, min: 0 });
  });
});
