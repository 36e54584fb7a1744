import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG, SERVICES } from '../../../src/core/recommend';

const RULES_DIR = fileURLToPath(new URL('../../../src/core/recommend/rules/', import.meta.url));

describe('recommendation catalog invariants', () => {
  it('has at least 30 rules', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(30);
  });

  it('has unique, kebab-case ids and unique names', () => {
    const ids = CATALOG.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    const names = CATALOG.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps one rule per file, named after its id, and lists every file', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(CATALOG.map((r) => r.id).sort());
  });

  it('links every rule to an https AWS documentation page', () => {
    for (const r of CATALOG) {
      const url = new URL(r.link);
      expect(url.protocol, r.id).toBe('https:');
      expect(url.hostname, r.id).toBe('docs.aws.amazon.com');
      expect(url.pathname, r.id).toMatch(/\.html$/);
    }
  });

  it('covers every required service', () => {
    const covered = new Set(CATALOG.map((r) => r.service));
    for (const s of ['Lambda', 'API Gateway', 'DynamoDB', 'SQS', 'Kinesis', 'RDS', 'EC2', 'ECS', 'ELB'] as const) expect(covered.has(s), s).toBe(true);
    for (const r of CATALOG) expect(SERVICES).toContain(r.service);
  });

  it('has a proactive rule for every forecast limit', () => {
    const proactive = CATALOG.filter((r) => r.id.match(/forecast|quota|extend|leak|autoscaling/));
    expect(proactive.map((r) => r.id)).toEqual(
      expect.arrayContaining(['ec2-disk-extend', 'ec2-memory-leak', 'rds-storage-autoscaling', 'dynamodb-capacity-forecast', 'lambda-concurrency-quota', 'sqs-retention-forecast']),
    );
  });

  it('has weights in [0, 1] and supersedes only rules that exist', () => {
    const ids = new Set(CATALOG.map((r) => r.id));
    for (const r of CATALOG) {
      expect(r.weight).toBeGreaterThanOrEqual(0);
      expect(r.weight).toBeLessThanOrEqual(1);
      for (const s of r.supersedes) expect(ids.has(s), `${r.id} supersedes ${s}`).toBe(true);
    }
  });
});
