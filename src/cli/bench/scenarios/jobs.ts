/**
 * A benchmark job names where its bundle comes from (a scenario of the shipped suite, built on
 * the spot, or a JSON file), so that jobs are small messages and any thread can run them.
 */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../../../core';
import { parseBundle, type ScenarioBundle } from '../../../local/scenario/bundle';
import { suiteEntries, type SuiteName } from '../../../local/simulator';
import { runScenario, type ScenarioOutcome } from './run';

export type JobSource = { readonly suite: SuiteName; readonly entry: string } | { readonly file: string };

export interface Job {
  readonly index: number;
  readonly source: JobSource;
  readonly stepMs?: number;
}

export async function loadBundle(source: JobSource): Promise<ScenarioBundle> {
  if ('suite' in source) {
    const entry = suiteEntries(source.suite).find((e) => e.name === source.entry);
    if (!entry) throw new ValidationError(`no scenario "${source.entry}" in the ${source.suite} suite`, 'scenario');
    return entry.build();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(source.file, 'utf8'));
  } catch (cause) {
    throw new ValidationError(`cannot read scenario ${source.file}: ${(cause as Error).message}`, 'dir', { cause });
  }
  return parseBundle(raw);
}

export async function runJob(job: Job): Promise<ScenarioOutcome> {
  const bundle = await loadBundle(job.source);
  return runScenario(bundle, job.stepMs !== undefined ? { stepMs: job.stepMs } : {});
}
