/**
 * AWS-owned Systems Manager Automation runbooks that carry out a recommendation, by
 * recommendation rule. Each name was checked against the AWS Systems Manager Automation Runbook
 * Reference (owner: Amazon). OpsCenter offers them on the OpsItem (`/aws/automations`);
 * Opsight never starts one. Recommendations without an entry get no runbook: there is, for
 * example, no AWS-owned runbook that sets a Lambda function's reserved concurrency.
 */
import { CATALOG, type Recommendation } from '../../core';

export interface Runbook {
  /** Automation document name, e.g. `AWS-RestartEC2Instance`. */
  readonly name: string;
  /** What running it does here, in a few words. */
  readonly purpose: string;
}

/** Runbook per recommendation rule id. */
export const RUNBOOKS: Readonly<Record<string, Runbook>> = {
  // Stop and start moves an instance off impaired hardware.
  'ec2-status-check': { name: 'AWS-RestartEC2Instance', purpose: 'restart the instance' },
  // The leak's stopgap is a restart before the forecast date.
  'ec2-memory-leak': { name: 'AWS-RestartEC2Instance', purpose: 'restart the instance as a stopgap' },
  'ec2-memory-resize': { name: 'AWS-ResizeInstance', purpose: 'change the instance type' },
  'ec2-disk-extend': { name: 'AWS-ExtendEbsVolume', purpose: 'grow the EBS volume and its file system' },
  'dynamodb-throttling-autoscaling': { name: 'AWS-EnableDynamoDbAutoscaling', purpose: 'enable auto scaling on the table' },
  'dynamodb-capacity-forecast': { name: 'AWS-EnableDynamoDbAutoscaling', purpose: 'enable auto scaling on the table' },
};

const ruleIdByName = new Map(CATALOG.map((r) => [r.name, r.id]));

/** The runbook for a recommendation (matched to its catalog rule by name), if one exists. */
export function runbookFor(r: Pick<Recommendation, 'name'>): Runbook | undefined {
  const id = ruleIdByName.get(r.name);
  return id ? RUNBOOKS[id] : undefined;
}
