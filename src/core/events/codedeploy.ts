/**
 * Normalises a CodeDeploy deployment (a `deploymentInfo` of GetDeployment/BatchGetDeployments,
 * as a plain object: SDK objects with Date fields or the JSON API's epoch seconds) into
 * Opsight's Event of class DEPLOYMENT.
 *
 * Targets: for AWS Lambda the function names come from the AppSpec content of the revision
 * (`Resources[].<name>.Properties.Name`, JSON or YAML); for EC2/on-premises the Auto Scaling
 * groups of `targetInstances`; otherwise the caller passes them (an ECS deployment group's
 * services live on the deployment group, not on the deployment). The application is always
 * listed last so an event can be matched to it too.
 */
import type { OpsEvent } from '../model';
import { arr, epochMs, isObject, obj, str } from './raw';

export interface CodeDeployNormaliseOptions {
  /** Resources the deployment updates, when the caller knows them (e.g. an ECS deployment group's services). */
  readonly targets?: ReadonlyArray<{ readonly type?: string; readonly name: string }>;
  /** The CloudFormation stack of a resource, by name. */
  readonly stackOf?: (resourceName: string) => string | undefined;
}

type EventResource = OpsEvent['resources'][number];

/** Lambda function names in an AppSpec (JSON or YAML). */
function appSpecFunctions(content: string): string[] {
  const trimmed = content.trim();
  if (trimmed.startsWith('{')) {
    try {
      const spec: unknown = JSON.parse(trimmed);
      const names: string[] = [];
      for (const entry of arr(spec, 'Resources')) {
        if (!isObject(entry)) continue;
        for (const res of Object.values(entry)) {
          if (str(res, 'Type') === 'AWS::Lambda::Function') {
            const n = str(obj(res, 'Properties'), 'Name');
            if (n) names.push(n);
          }
        }
      }
      return names;
    } catch {
      return [];
    }
  }
  if (!/AWS::Lambda::Function/.test(trimmed)) return [];
  const names: string[] = [];
  for (const m of trimmed.matchAll(/^\s*Name:\s*["']?([^"'\s#]+)["']?\s*$/gm)) if (m[1]) names.push(m[1]);
  return names;
}

/**
 * An Event from a CodeDeploy deployment, or undefined when it has no id or time. The time is
 * the deployment's creation (the change starts reaching users from then on). Pure.
 */
export function fromCodeDeployDeployment(raw: unknown, options: CodeDeployNormaliseOptions = {}): OpsEvent | undefined {
  const info = obj(raw, 'deploymentInfo') ?? (isObject(raw) ? raw : undefined);
  const id = str(info, 'deploymentId');
  const time = epochMs(info?.['createTime'] ?? info?.['startTime']);
  if (!info || !id || time === undefined) return undefined;

  const resources: EventResource[] = [];
  const add = (name: string | undefined, type?: string) => {
    if (name && !resources.some((r) => r.name === name)) resources.push(type ? { type, name } : { name });
  };
  for (const t of options.targets ?? []) add(t.name, t.type);
  const platform = str(info, 'computePlatform');
  const content = str(obj(obj(info, 'revision'), 'appSpecContent'), 'content') ?? str(obj(obj(info, 'revision'), 'string'), 'content');
  if (content && (platform === undefined || platform === 'Lambda')) for (const fn of appSpecFunctions(content)) add(fn, 'AWS::Lambda::Function');
  for (const asg of arr(obj(info, 'targetInstances'), 'autoScalingGroups')) if (typeof asg === 'string') add(asg, 'AWS::AutoScaling::AutoScalingGroup');
  add(str(info, 'applicationName'), 'AWS::CodeDeploy::Application');

  const stack = resources.map((r) => options.stackOf?.(r.name)).find((s) => s !== undefined);
  const user = str(info, 'creator');
  const status = str(info, 'status');
  return {
    id,
    time,
    source: 'codedeploy.amazonaws.com',
    name: `Deployment ${id}`,
    dataSource: 'CODE_DEPLOY',
    class: 'DEPLOYMENT',
    resources,
    ...(stack ? { stack } : {}),
    ...(user ? { user } : {}),
    ...(status ? { status } : {}),
  };
}
