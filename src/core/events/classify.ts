/**
 * Classifies CloudTrail management events into Opsight event classes through a mapping
 * table keyed by `<eventSource>:<eventName>`, with per-source fallbacks by name pattern.
 */
import type { EventClass } from '../model';

/** Exact mappings for events whose class is not obvious from their name. */
const EXACT: Record<string, EventClass> = {
  'lambda.amazonaws.com:UpdateFunctionCode': 'DEPLOYMENT',
  'lambda.amazonaws.com:UpdateFunctionCode20150331v2': 'DEPLOYMENT',
  'lambda.amazonaws.com:PublishVersion': 'DEPLOYMENT',
  'lambda.amazonaws.com:PublishVersion20150331': 'DEPLOYMENT',
  'lambda.amazonaws.com:UpdateAlias': 'DEPLOYMENT',
  'lambda.amazonaws.com:UpdateAlias20150331': 'DEPLOYMENT',
  'apigateway.amazonaws.com:CreateDeployment': 'DEPLOYMENT',
  'ecs.amazonaws.com:UpdateService': 'DEPLOYMENT',
  'cloudformation.amazonaws.com:UpdateStack': 'DEPLOYMENT',
  'cloudformation.amazonaws.com:ExecuteChangeSet': 'DEPLOYMENT',
  'dynamodb.amazonaws.com:UpdateTable': 'SCHEMA_CHANGE',
  'rds.amazonaws.com:ModifyDBInstance': 'CONFIG_CHANGE',
};

const SECURITY_SOURCES = new Set(['iam.amazonaws.com', 'kms.amazonaws.com', 'sts.amazonaws.com']);

/** The class of a CloudTrail management event. O(1). */
export function classifyCloudTrail(eventSource: string, eventName: string): EventClass {
  const exact = EXACT[`${eventSource}:${eventName}`];
  if (exact) return exact;
  if (SECURITY_SOURCES.has(eventSource) || /Policy|Permission|SecurityGroup|Role/.test(eventName)) return 'SECURITY_CHANGE';
  if (/^(Create|Delete|Run|Terminate|Start|Stop|Reboot)/.test(eventName)) return 'INFRASTRUCTURE';
  return 'CONFIG_CHANGE';
}
