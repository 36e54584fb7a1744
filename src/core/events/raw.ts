/**
 * Small readers for untyped JSON (CloudTrail records, CodeDeploy responses) so the
 * normalisers never trust a field's type.
 */

export type Raw = Record<string, unknown>;

export function isObject(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function obj(x: unknown, key: string): Raw | undefined {
  if (!isObject(x)) return undefined;
  const v = x[key];
  return isObject(v) ? v : undefined;
}

export function str(x: unknown, key: string): string | undefined {
  if (!isObject(x)) return undefined;
  const v = x[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function arr(x: unknown, key: string): unknown[] {
  if (!isObject(x)) return [];
  const v = x[key];
  return Array.isArray(v) ? v : [];
}

/**
 * Epoch milliseconds from a Date, an ISO-8601 string, epoch milliseconds, or epoch seconds
 * (the CodeDeploy JSON API returns seconds with a fraction). Undefined when unreadable.
 */
export function epochMs(x: unknown): number | undefined {
  if (x instanceof Date) return Number.isFinite(x.getTime()) ? x.getTime() : undefined;
  if (typeof x === 'number' && Number.isFinite(x) && x >= 0) return Math.round(x < 1e11 ? x * 1000 : x);
  if (typeof x === 'string') {
    const t = Date.parse(x);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

/**
 * A readable resource name from an ARN, a queue URL or a plain name:
 * `arn:aws:lambda:r:a:function:checkout:live` → `checkout`, `arn:aws:dynamodb:r:a:table/orders` → `orders`,
 * `https://sqs.r.amazonaws.com/a/jobs` → `jobs`, `arn:aws:cloudformation:r:a:stack/shop/guid` → `shop`,
 * `arn:aws:elasticloadbalancing:r:a:loadbalancer/app/web/id` → `web`, `arn:aws:ecs:r:a:service/cluster/api` → `api`.
 */
export function shortName(value: string): string {
  if (/^https:\/\/sqs\./.test(value)) return value.split('/').filter(Boolean).pop() ?? value;
  if (!value.startsWith('arn:')) return value;
  const parts = value.split(':');
  const service = parts[2] ?? '';
  const rest = parts.slice(5).join(':');
  if (service === 'lambda') return /^function:([^:]+)/.exec(rest)?.[1] ?? rest;
  if (service === 'sns' || service === 'sqs') return rest;
  const segs = rest.split('/');
  const kind = segs[0] ?? '';
  if ((service === 'cloudformation' && kind === 'stack') || (service === 'dynamodb' && kind === 'table')) return segs[1] ?? rest;
  if (service === 'elasticloadbalancing') {
    if (kind === 'loadbalancer' && (segs[1] === 'app' || segs[1] === 'net')) return segs[2] ?? rest;
    if (kind === 'targetgroup') return segs[1] ?? rest;
    if (kind === 'listener') return segs[3] ?? rest;
  }
  if (segs.length >= 2) return segs[segs.length - 1] ?? rest;
  return rest.includes(':') ? (rest.split(':').pop() ?? rest) : rest;
}
