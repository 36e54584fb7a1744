/**
 * Log lines of the simulated shop. Normal operation: every sampled Lambda invocation writes
 * START, an application line, END and REPORT lines (varying request ids, durations, memory),
 * with routine warnings and the odd validation error; API Gateway writes execution-log lines
 * with the method's status. Volume follows the day's traffic. Each incident kind adds the lines
 * a real one leaves (stack-trace headers, timeouts, throttling and access-denied exceptions, a
 * full connection pool) to the log groups it touches, and tells the label which text names the
 * cause. Lines are sampled (a few invocations per 5 minutes), so bundles stay a few MB.
 */
import type { Random } from '../random';
import type { BundleLogGroup, Label } from '../scenario/bundle';
import { ACCOUNT, FUNCTIONS, PERIOD_MS, REGION, type FunctionName } from './shop';
import { dailyProfile, weeklyFactor } from './world';

/** The API's execution-log group (its REST API id and stage). */
export const API_LOG_GROUP = 'API-Gateway-Execution-Logs_k3x9shop01/prod';
export const lambdaLogGroup = (fn: string): string => `/aws/lambda/${fn}`;

/** Sampled invocations per 5 minutes at the evening peak. */
const PEAK_INVOCATIONS: Record<FunctionName, number> = { catalog: 4, cart: 3, checkout: 2, 'order-worker': 2 };
const PEAK_API_REQUESTS = 4;

/** `n` random hex digits (7 per draw: small integers print fast). */
const hex = (rnd: Random, n: number): string => {
  let s = '';
  while (s.length < n) s += (((rnd.next() * 0x10000000) | 0) + 0x10000000).toString(16).slice(1);
  return s.length === n ? s : s.slice(0, n);
};
const requestId = (rnd: Random): string => {
  const x = hex(rnd, 30);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(12, 15)}-a${x.slice(15, 18)}-${x.slice(18, 30)}`;
};
const iso = (t: number) => new Date(t).toISOString();
const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd.next() * items.length)]!;

/** The application line of one normal invocation (mostly INFO; a routine WARN or rare ERROR). */
function appLine(rnd: Random, fn: FunctionName, ms: number): string {
  const u = rnd.next();
  if (u < 0.015) return `ERROR\tValidationError: quantity must be a positive integer (got ${Math.floor(rnd.next() * 3) - 2})`;
  if (u < 0.08) return `WARN\tcache miss for product:${Math.floor(rnd.next() * 90_000)}, loading from shop-db`;
  switch (fn) {
    case 'catalog':
      return `INFO\tGET /products/${Math.floor(rnd.next() * 90_000)} served in ${ms.toFixed(1)} ms`;
    case 'cart':
      return `INFO\tcart ${hex(rnd, 10)} updated: ${1 + Math.floor(rnd.next() * 6)} items`;
    case 'checkout':
      return `INFO\torder ${hex(rnd, 12)} accepted, total ${(rnd.next() * 300).toFixed(2)} EUR`;
    case 'order-worker':
      return `INFO\tprocessed ${1 + Math.floor(rnd.next() * 10)} messages from orders-queue in ${ms.toFixed(0)} ms`;
  }
}

/** Appends the four lines of one invocation, with `app` as its application line. */
function invocation(out: Array<[number, string]>, rnd: Random, t: number, app: string, ms: number): void {
  const id = requestId(rnd);
  const used = 80 + Math.floor(rnd.next() * 60);
  const end = t + Math.round(ms);
  out.push(
    [t, `START RequestId: ${id} Version: $LATEST`],
    [t + 1, `${iso(t + 1)}\t${id}\t${app}`],
    [end, `END RequestId: ${id}`],
    [end, `REPORT RequestId: ${id}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: 512 MB\tMax Memory Used: ${used} MB`],
  );
}

function apiLine(rnd: Random, t: number, status: number, path = pick(rnd, ['/products', '/cart', '/checkout'])): [number, string] {
  return [t, `(${requestId(rnd)}) Method completed with status: ${status} ${path}/${Math.floor(rnd.next() * 90_000)}`];
}

function volume(rnd: Random, peak: number, t: number): number {
  return rnd.poisson(peak * dailyProfile(t) * weeklyFactor(t));
}

/** Normal lines of every log group over `n` periods from `start`. */
export function normalLogs(rnd: Random, start: number, n: number): Map<string, Array<[number, string]>> {
  const out = new Map<string, Array<[number, string]>>();
  for (const fn of FUNCTIONS) out.set(lambdaLogGroup(fn), []);
  out.set(API_LOG_GROUP, []);
  for (let i = 0; i < n; i++) {
    const t0 = start + i * PERIOD_MS;
    for (const fn of FUNCTIONS) {
      const lines = out.get(lambdaLogGroup(fn))!;
      for (let k = volume(rnd, PEAK_INVOCATIONS[fn], t0); k > 0; k--) {
        const t = t0 + Math.floor(rnd.next() * (PERIOD_MS - 10_000));
        const ms = 20 + rnd.next() * 300;
        invocation(lines, rnd, t, appLine(rnd, fn, ms), ms);
      }
    }
    const api = out.get(API_LOG_GROUP)!;
    for (let k = volume(rnd, PEAK_API_REQUESTS, t0); k > 0; k--) api.push(apiLine(rnd, t0 + Math.floor(rnd.next() * PERIOD_MS), rnd.next() < 0.01 ? 404 : 200));
  }
  return out;
}

/** What an incident writes: lines per period into some groups, and the text that names its cause. */
interface IncidentLogs {
  readonly groups: readonly string[];
  readonly line: (rnd: Random, t: number, fn: string) => [number, string];
  readonly perPeriod: number;
  readonly causeText?: string;
}

const errorLine = (body: string) => (rnd: Random, t: number): [number, string] => [t, `${iso(t)}\t${requestId(rnd)}\tERROR\t${body}`];
const fnOf = (group: string) => group.replace('/aws/lambda/', '');

/** The log signature of a labelled incident, or undefined when it leaves none. */
export function incidentLogs(label: Label): IncidentLogs | undefined {
  const d = label.description ?? '';
  switch (label.kind) {
    case 'bad-deployment':
      return {
        groups: [lambdaLogGroup(label.resourceId)],
        perPeriod: 12,
        causeText: 'TypeError',
        line: (rnd, t) => [t, `${iso(t)}\t${requestId(rnd)}\tERROR\tInvoke Error \tTypeError: Cannot read properties of undefined (reading 'total')\n    at computeTotals (/var/task/index.js:${40 + Math.floor(rnd.next() * 3)}:21)\n    at Runtime.handler (/var/task/index.js:88:15)`],
      };
    case 'latency-regression':
      return {
        groups: [lambdaLogGroup(label.resourceId)],
        perPeriod: 6,
        causeText: 'Task timed out',
        line: (rnd, t) => [t, `${iso(t)} ${requestId(rnd)} Task timed out after 3.00 seconds`],
      };
    case 'dynamodb-throttling':
      return {
        groups: [lambdaLogGroup('checkout'), lambdaLogGroup('order-worker')],
        perPeriod: 10,
        causeText: 'ProvisionedThroughputExceededException',
        line: errorLine(`ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API. (table ${label.resourceId})`),
      };
    case 'lambda-concurrency':
      return {
        groups: [API_LOG_GROUP],
        perPeriod: 15,
        causeText: 'TooManyRequestsException',
        line: (rnd, t) => [t, `(${requestId(rnd)}) Lambda invocation failed with status: 429. Lambda request id: ${requestId(rnd)}. TooManyRequestsException: Rate Exceeded.`],
      };
    case 'queue-backlog':
      if (/disables/.test(d)) return undefined;
      return {
        groups: [lambdaLogGroup('order-worker')],
        perPeriod: 8,
        causeText: 'Timeout acquiring a connection',
        line: errorLine('KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?'),
      };
    case 'config-change':
      if (/PutRolePolicy/.test(d)) {
        return {
          groups: [lambdaLogGroup(label.resourceId)],
          perPeriod: 10,
          causeText: 'AccessDeniedException',
          line: (rnd, t, fn) => errorLine(`AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/${fn}-role/${fn} is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue because no identity-based policy allows the sqs:SendMessage action`)(rnd, t),
        };
      }
      if (/table name/.test(d)) {
        return { groups: [lambdaLogGroup(label.resourceId)], perPeriod: 10, causeText: 'ResourceNotFoundException', line: errorLine('ResourceNotFoundException: Requested resource not found') };
      }
      return { groups: [lambdaLogGroup(label.resourceId)], perPeriod: 8, causeText: 'ECONNREFUSED', line: (rnd, t) => errorLine(`Error: connect ECONNREFUSED 10.0.${Math.floor(rnd.next() * 4)}.${10 + Math.floor(rnd.next() * 200)}:5432`)(rnd, t) };
    case 'harmless-spike':
      if (/crawler/.test(d)) return { groups: [API_LOG_GROUP], perPeriod: 6, line: (rnd, t) => apiLine(rnd, t, 404, '/wp-login.php') };
      return undefined;
    default:
      return undefined;
  }
}

/** Adds each incident's lines (while it lasts) and names the cause on its label. */
export function addIncidentLogs(rnd: Random, logs: Map<string, Array<[number, string]>>, labels: Label[], start: number, end: number): void {
  for (const label of labels) {
    const spec = incidentLogs(label);
    if (!spec) continue;
    for (const group of spec.groups) {
      const lines = logs.get(group);
      if (!lines) continue;
      for (let t0 = Math.max(start, label.start); t0 < Math.min(end, label.end); t0 += PERIOD_MS) {
        for (let k = rnd.poisson(spec.perPeriod); k > 0; k--) lines.push(spec.line(rnd, t0 + Math.floor(rnd.next() * PERIOD_MS), fnOf(group)));
      }
    }
    if (spec.causeText) label.causeLog = { logGroups: [...spec.groups], text: spec.causeText };
  }
}

/** The bundle's log groups: lines sorted by time, each group tied to its resource. */
export function logGroupsOf(logs: Map<string, Array<[number, string]>>): BundleLogGroup[] {
  return [...logs].map(([logGroup, lines]) => ({
    logGroup,
    resourceId: logGroup === API_LOG_GROUP ? 'shop-api' : fnOf(logGroup),
    lines: lines.sort((a, b) => a[0] - b[0]),
  }));
}
